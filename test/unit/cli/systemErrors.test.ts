import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../electron/cli/main.js';
import { createCore, headlessHost } from '../../../electron/core/index.js';
import { dispatch } from '../../../electron/core/handlers/dispatch.js';
import { writeNpy } from '../../../electron/core/quality/npy.js';
import { systemError } from '../../../electron/platform/systemErrors.js';
import { makeTempDir } from '../../helpers/tempDir.js';

const errno = (code: string, path?: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: failed`), { code, ...(path ? { path } : {}) });

describe('errors of the machine, told as one sentence', () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());

  it('names a full disk and a folder Faultline may not write, and leaves other errors alone', () => {
    expect(systemError(errno('ENOSPC', '/data/p/x.tmp'))?.message).toBe('The disk is full (/data/p/x.tmp). Free some space and run it again; what was finished is kept.');
    expect(systemError(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))?.code).toBe('not_writable');
    expect(systemError(errno('EROFS', '/media/cd'))?.message).toContain('may not write here (/media/cd) (EROFS)');
    expect(systemError(errno('ECONNRESET'))).toBeNull();
    expect(systemError(new Error('plain'))).toBeNull();
  });

  it('names a bad path the user gave instead of passing on the raw Node error', () => {
    expect(systemError(errno('ENOENT', '/data/missing'))?.toWire()).toEqual({ code: 'not_found', message: 'There is no such file or folder (/data/missing). Check the path and try again.' });
    expect(systemError(errno('EEXIST', '/dev/null'))?.code).toBe('invalid_input');
    expect(systemError(errno('ENOTDIR', '/data/a.txt/x'))?.message).toContain('is a file, not a folder (/data/a.txt/x)');
    expect(systemError(errno('ENAMETOOLONG'))?.message).toBe('This path is too long for the file system. Check the path and try again.');
    const nul = Object.assign(new TypeError("The argument 'path' must be a string, Uint8Array, or URL without null bytes."), { code: 'ERR_INVALID_ARG_VALUE' });
    expect(systemError(nul)?.code).toBe('invalid_input');
    expect(systemError(Object.assign(new TypeError('other'), { code: 'ERR_INVALID_ARG_VALUE' }))).toBeNull();
  });

  it.skipIf(!existsSync('/dev/full'))('a full disk under a command prints one line and exits 2, not a stack trace', async () => {
    const labels = join(temp.dir, 'labels.npy');
    const probs = join(temp.dir, 'probs.npy');
    writeNpy(labels, { dtype: 'u1', shape: [1, 1, 2], data: Uint8Array.from([0, 1]) });
    writeNpy(probs, { dtype: 'f4', shape: [1, 2, 1, 2], data: Float32Array.from([0.9, 0.2, 0.1, 0.8]) });
    let stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
    const code = await runCli(['node', 'faultline', 'score-labels', '--labels', labels, '--pred-probs', probs, '--out', '/dev/full']);
    vi.restoreAllMocks();
    expect(code).toBe(2);
    expect(stderr).toMatch(/^faultline: [^\n]*(disk is full|ENOSPC)[^\n]*\n$/);
  });

  it('a full disk met by a method or inside a job reaches the client as not_writable with the sentence, not as internal', async () => {
    const core = createCore({ host: headlessHost('server'), userDataDir: join(temp.dir, 'home-disk') });
    const handlers = { ...core.handlers, 'project.stats': () => Promise.reject(errno('ENOSPC', '/data/p/project.faultline')) };
    const answer = await dispatch(handlers, core.gate, 'project.stats', {}, { kind: 'local' });
    expect(answer).toEqual({ ok: false, error: { code: 'not_writable', message: 'The disk is full (/data/p/project.faultline). Free some space and run it again; what was finished is kept.' } });
    const { jobId } = core.jobs.start('export', () => Promise.reject(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })));
    const waited = await core.call('jobs.wait', { jobId });
    expect(waited.ok && (waited.value as { error: { code: string } | null }).error?.code).toBe('not_writable');
    await core.dispose();
  });

  it('refuses to create a project in a folder that already holds files, and allows hidden ones', async () => {
    const core = createCore({ host: headlessHost('server'), userDataDir: join(temp.dir, 'home') });
    const photos = join(temp.dir, 'photos');
    mkdirSync(photos);
    for (const name of ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg']) writeFileSync(join(photos, name), 'x');
    const refused = await core.call('project.create', { dir: photos });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/already holds files \(a\.jpg, b\.jpg, c\.jpg, and 1 more\)\. Create a project in a new or empty folder/);
    expect(existsSync(join(photos, 'project.faultline'))).toBe(false);
    const hidden = join(temp.dir, 'hidden');
    mkdirSync(hidden);
    writeFileSync(join(hidden, '.DS_Store'), 'x');
    expect((await core.call('project.create', { dir: hidden })).ok).toBe(true);
    await core.dispose();
  });
});
