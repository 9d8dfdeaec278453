import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { T } from '../../../electron/core/images/dicom/dicomTags.js';
import { openProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { runCli } from '../../helpers/runCliProcess.js';
import { seedClasses } from '../../helpers/seedPredictions.js';
import { writeFile } from '../images/imageCorpus.js';
import { makeDicom } from './dicomCorpus.js';

/** Runs the built CLI (`npm run build:node` first). */
describe('faultline import and export of DICOM', () => {
  const temp = makeTempDir();
  const project = join(temp.dir, 'project');
  const source = join(temp.dir, 'source');

  beforeAll(() => {
    expect(runCli(['init', project]).status).toBe(0);
    writeFile(source, 'study/IM0001', makeDicom({ rows: 2, columns: 2, values: [0, 10, 20, 30], sopInstanceUid: '1.2.3.4.1' }));
    writeFile(source, 'study/IM0002', makeDicom({ rows: 2, columns: 2, values: [0, 10, 20, 30], sopInstanceUid: '1.2.3.4.2', extra: [{ tag: T.BurnedInAnnotation, vr: 'CS', value: 'YES' }] }));
  });
  afterAll(() => temp.cleanup());

  it('imports a DICOM folder de-identified, warning about frames that may carry burned-in text', () => {
    const result = runCli(['import', project, source, '--split', 'train', '--retain-dates']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('2 imported, 0 skipped as duplicates, 0 failed.');
    expect(result.stdout).toContain('1 DICOM frame may carry burned-in text');
  });

  it('exports the labelled frames as DICOM SEG', () => {
    const opened = openProjectDb(project);
    try {
      seedClasses(opened.db, ['background', 'lesion']);
      opened.db.prepare("INSERT INTO ground_truth (image_id, mask, source, created_at) SELECT id, ?, 'test', 'now' FROM images").run(deflateSync(Uint8Array.from([0, 1, 1, 0])));
    } finally {
      opened.close();
    }
    const out = join(temp.dir, 'out');
    const result = runCli(['export', project, '--format', 'dicom-seg', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('as dicom-seg');
    expect(readdirSync(join(out, 'dicom-seg', 'train'))).toHaveLength(1);
  });
});
