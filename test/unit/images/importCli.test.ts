import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/tempDir.js';
import { runCli } from '../../helpers/runCliProcess.js';
import { makeGreyMask, makeJpeg, makePng, patternLabels, writeFile } from './imageCorpus.js';

/** Runs the built CLI (`npm run build` first). */
describe('faultline import', () => {
  const temp = makeTempDir();
  const project = join(temp.dir, 'project');
  const source = join(temp.dir, 'source');
  const masks = join(temp.dir, 'masks');

  beforeAll(async () => {
    expect(runCli(['init', project]).status).toBe(0);
    writeFile(source, 'a.jpg', await makeJpeg(40, 30, 1));
    writeFile(source, 'nested/b.png', await makePng(40, 30, 2));
    writeFile(source, 'nested/b-copy.png', await makePng(40, 30, 2));
    writeFile(source, 'empty.jpg', new Uint8Array(0));
    writeFile(source, 'c.jpg', await makeJpeg(40, 30, 3));
    for (const rel of ['a.png', 'nested/b.png', 'nested/b-copy.png']) writeFile(masks, rel, makeGreyMask(40, 30, patternLabels(40, 30)));
  });
  afterAll(() => temp.cleanup());

  it('exits 0 with bad files, printing the counts and each failure with its reason', () => {
    const result = runCli(['import', project, source, '--split', 'train', '--masks', masks]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'Import finished: 5 of 5 files into train.',
      '3 imported, 1 skipped as duplicates, 1 failed.',
      'Masks: 2 stored, 1 failed.',
      'Failures:',
    ]);
    // Folder order is the file system's, so the failures are compared as a set.
    expect(lines.slice(4).sort()).toEqual(['  c.jpg (mask): No mask at c.png in the masks folder.', '  empty.jpg: The file is empty (0 bytes).']);
  });

  it('prints a JSON summary on a re-run, where everything is a duplicate', () => {
    const result = runCli(['import', project, source, '--split', 'train', '--json']);
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ state: 'done', found: 5, processed: 5, imported: 0, duplicates: 4, failed: 1, split: 'train', masksFolder: null });
    expect(summary.failures).toEqual([expect.objectContaining({ relPath: 'empty.jpg', kind: 'image', code: 'empty', reason: 'The file is empty (0 bytes).' })]);
  });

  it('refuses a missing folder and a bad split with one line and exit code 2', () => {
    const missing = runCli(['import', project, join(temp.dir, 'nope')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`faultline: There is no image folder ${join(temp.dir, 'nope')}.\n`);
    const split = runCli(['import', project, source, '--split', 'val']);
    expect(split.status).toBe(2);
    expect(split.stderr).toBe('faultline: --split must be pool, train or test (got val).\n');
  });
});
