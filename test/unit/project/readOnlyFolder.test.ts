import { chmodSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { runCli } from '../../helpers/runCliProcess.js';

// Root ignores permission bits, so as root the CLI runs as an unprivileged user instead.
const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
  chmodSync(temp.dir, 0o755);
});
afterEach(() => {
  chmodSync(temp.dir, 0o755);
  temp.cleanup();
});

it('a project folder without write permission gives a clear error and is left as it was', () => {
  const dir = join(temp.dir, 'p');
  createProjectDb(dir, 'p').close();
  chmodSync(dir, 0o555);
  chmodSync(join(dir, 'project.faultline'), 0o444);
  const before = readdirSync(dir).sort();
  const result = runCli(['serve', '--project', dir, '--port', '0'], { ...asUser, env: { ...process.env, FAULTLINE_HOME: join(temp.dir, 'home') } });
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(/is not writable.*read-only/);
  expect(readdirSync(dir).sort()).toEqual(before);

  const info = runCli(['info', dir], asUser);
  expect(info.status).toBe(0);
  expect(info.stdout).toMatch(/Project\s+p/);
});
