import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createProjectDb, openProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { makeTempDir } from '../../helpers/tempDir.js';

const script = fileURLToPath(new URL('../../fixtures/scripts/writeBurst.ts', import.meta.url));

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

it('a project killed with SIGKILL mid-burst opens intact with no half-written record', async () => {
  createProjectDb(temp.dir, 'crash').close();
  const child = spawn(process.execPath, ['--import', 'tsx', script, temp.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`writer exited early (${code}): ${stderr}`)));
  });
  await new Promise((r) => setTimeout(r, 300));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;

  const project = openProjectDb(temp.dir);
  expect(project.db.pragma('integrity_check', { simple: true })).toBe('ok');
  const sets = project.db.prepare('SELECT count(*) FROM candidate_sets').pluck().get() as number;
  expect(sets).toBeGreaterThan(20);
  const partial = project.db
    .prepare('SELECT s.id, count(c.image_id) AS n FROM candidate_sets s LEFT JOIN candidates c ON c.set_id = s.id GROUP BY s.id HAVING n <> 50')
    .all();
  expect(partial).toEqual([]);
  expect(project.db.pragma('foreign_key_check')).toEqual([]);
  project.close();
});
