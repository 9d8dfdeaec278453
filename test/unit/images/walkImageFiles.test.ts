import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { walkImageFiles, type WalkEntry } from '../../../electron/core/images/walkImageFiles.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { writeFile } from './imageCorpus.js';

async function collect(walk: AsyncIterable<WalkEntry>): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of walk) out.push(entry.kind === 'file' ? entry.relPath : `unreadable:${entry.relPath}`);
  return out.sort();
}

describe('walkImageFiles', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('finds image files by extension at any depth, with /-separated relative paths', async () => {
    for (const rel of ['a.jpg', 'B.PNG', 'x/c.webp', 'x/y/z/d.tif', 'x/e.tiff', 'f.bmp', 'g.gif', 'h.jpeg', 'notes.txt', 'archive.zip', 'noext']) writeFile(temp.dir, rel, 'x');
    expect(await collect(walkImageFiles(temp.dir))).toEqual(['B.PNG', 'a.jpg', 'f.bmp', 'g.gif', 'h.jpeg', 'x/c.webp', 'x/e.tiff', 'x/y/z/d.tif']);
  });

  it('skips hidden entries and the folders it is told to skip', async () => {
    for (const rel of ['keep.jpg', '.hidden.jpg', '.git/obj.png', 'project/images/ab/x.jpg', 'sub/keep2.jpg']) writeFile(temp.dir, rel, 'x');
    const skip = join(temp.dir, 'project');
    expect(await collect(walkImageFiles(temp.dir, { skipDir: (p) => p === skip }))).toEqual(['keep.jpg', 'sub/keep2.jpg']);
  });

  it('follows symlinked files but not symlinked folders, which could loop', async () => {
    const real = writeFile(temp.dir, 'real/a.jpg', 'x');
    symlinkSync(real, join(temp.dir, 'link.jpg'));
    symlinkSync(temp.dir, join(temp.dir, 'real', 'loop'));
    expect(await collect(walkImageFiles(temp.dir))).toEqual(['link.jpg', 'real/a.jpg']);
  });

  // Root reads every folder whatever its mode, so this check needs an ordinary user.
  it.skipIf(process.getuid?.() === 0)('reports a folder it cannot read and goes on', async () => {
    writeFile(temp.dir, 'ok/a.jpg', 'x');
    const locked = join(temp.dir, 'locked');
    mkdirSync(locked, { mode: 0o000 });
    expect(await collect(walkImageFiles(temp.dir))).toEqual(['ok/a.jpg', 'unreadable:locked/']);
  });

  it('throws for a root that cannot be opened', async () => {
    await expect(collect(walkImageFiles(join(temp.dir, 'missing')))).rejects.toThrow(/ENOENT/);
  });
});
