import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeImage, type DecodeOptions } from '../../../electron/core/images/decodeImage.js';
import { sourceFs } from '../../../electron/core/images/readSourceFiles.js';
import { describeImportRetry } from '../../../shared/contract/jobResults.js';
import { makeJpeg, makeTruncatedJpeg, writeFile } from './imageCorpus.js';
import { bySource, failures, workspace, type Workspace } from './importHelpers.js';

function errno(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

describe('import with retryable errors', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = workspace();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    ws.cleanup();
  });

  it('records no failure for files that vanish mid-run, ends incomplete, and the next run imports them', async () => {
    const good = ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'e.jpg', 'f.jpg'];
    const bytes = new Map<string, Buffer>();
    for (const [i, name] of good.entries()) bytes.set(name, Buffer.from(await makeJpeg(24, 16, i + 1)));
    for (const [name, b] of bytes) writeFile(ws.source, name, b);
    const bad = Buffer.from(await makeTruncatedJpeg(24, 16, 9));
    writeFile(ws.source, 'bad.jpg', bad);

    // The folder is moved away while the import runs: at the first good image decoded, every other good file goes.
    const stash = join(ws.root, 'stash');
    mkdirSync(stash);
    const moved: string[] = [];
    const decode = async (b: Buffer, options: DecodeOptions) => {
      if (moved.length === 0 && !b.equals(bad)) {
        for (const [name, other] of bytes) {
          if (other.equals(b)) continue;
          renameSync(join(ws.source, name), join(stash, name));
          moved.push(name);
        }
      }
      return decodeImage(b, options);
    };

    const first = await ws.run({ concurrency: 1, decode });
    expect(moved).toHaveLength(5);
    expect(first).toMatchObject({ state: 'done', imported: 1, failed: 1, retryable: 5, incomplete: true });
    expect(first.retryReason).toMatch(/^[a-f]\.jpg: ENOENT \(no such file or directory\)$/);
    expect([...failures(ws.project).keys()]).toEqual(['image:bad.jpg']);
    expect(describeImportRetry(first)).toMatch(/^5 images could not be read \([a-f]\.jpg: ENOENT .*\); run the import again to retry them\.$/);

    for (const name of moved) renameSync(join(stash, name), join(ws.source, name));
    const second = await ws.run({ concurrency: 1 });
    expect(second).toMatchObject({ state: 'done', imported: 5, duplicates: 1, failed: 1, retryable: 0, retryReason: null, incomplete: false });
    expect([...bySource(ws.project).keys()].sort()).toEqual(good);
    expect([...failures(ws.project).keys()]).toEqual(['image:bad.jpg']);
    expect(describeImportRetry(second)).toBeNull();
  });

  it('leaves files whose read fails for lack of resources (injected) for the next run, and records content failures', async () => {
    writeFile(ws.source, 'ok.jpg', await makeJpeg(24, 16, 1));
    writeFile(ws.source, 'busy.jpg', await makeJpeg(24, 16, 2));
    writeFile(ws.source, 'locked.jpg', await makeJpeg(24, 16, 3));
    writeFile(ws.source, 'empty.jpg', '');
    const readFile = sourceFs.readFile;
    const spy = vi.spyOn(sourceFs, 'readFile').mockImplementation(((path: string, ...rest: unknown[]) => {
      if (path.endsWith('busy.jpg')) return Promise.reject(errno('EMFILE', `EMFILE: too many open files, open '${path}'`));
      if (path.endsWith('locked.jpg')) return Promise.reject(errno('EACCES', `EACCES: permission denied, open '${path}'`));
      return (readFile as (...args: unknown[]) => Promise<Buffer>)(path, ...rest);
    }) as typeof sourceFs.readFile);

    const first = await ws.run();
    expect(first).toMatchObject({ imported: 1, failed: 1, retryable: 2, incomplete: true });
    expect([...failures(ws.project).keys()]).toEqual(['image:empty.jpg']);

    spy.mockRestore();
    const second = await ws.run();
    expect(second).toMatchObject({ imported: 2, duplicates: 1, failed: 1, retryable: 0, incomplete: false });
    expect([...bySource(ws.project).keys()].sort()).toEqual(['busy.jpg', 'locked.jpg', 'ok.jpg']);
  });

  it("removes the half-written copies a killed run left in the project, and keeps a running import's own", async () => {
    const folder = join(ws.project.dir, 'images', 'ab');
    mkdirSync(folder, { recursive: true });
    const dead = join(folder, 'ab12.jpg.tmp-999999-0badcafe');
    const own = join(folder, `ab34.jpg.tmp-${process.pid}-00c0ffee`);
    const unrelated = join(folder, 'notes.tmp-keep');
    for (const path of [dead, own, unrelated]) writeFileSync(path, 'partial');
    writeFile(ws.source, 'a.jpg', Buffer.from(await makeJpeg(24, 16, 1)));
    expect(await ws.run()).toMatchObject({ state: 'done', imported: 1 });
    expect([existsSync(dead), existsSync(own), existsSync(unrelated)]).toEqual([false, true, true]);
  });
});
