import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { projectDbPath } from '../../../electron/core/store/projectFiles.js';
import { probeInWorker } from '../../../electron/core/inference/probeInWorker.js';
import { addModel } from '../../../electron/core/models/modelRegistry.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { colourCard, colourModel, writeModel } from '../../fixtures/models/tinyModels.js';
import { addImageFile, splitImagePng } from '../../fixtures/models/tinyProject.js';

const CHILD = fileURLToPath(new URL('../../fixtures/models/inferenceChild.ts', import.meta.url));
// The loader, not the tsx CLI: the CLI runs the script in a grandchild that SIGKILL would not reach.
const TSX_LOADER = new URL('../../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const IMAGES = 240;

function startChild(projectDir: string) {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, CHILD, projectDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('inference after a crash', () => {
  const temp = makeTempDir();
  const dir = join(temp.dir, 'project');

  beforeAll(async () => {
    const project = createProjectDb(dir, 'Crash');
    await addModel(project, writeModel(join(temp.dir, 'src'), 'colour', colourModel({ width: 64, height: 48 }), colourCard({}, { width: 64, height: 48 })), probeInWorker);
    const png = await splitImagePng(128, 96, [200, 30, 30], [30, 30, 200]);
    for (let i = 0; i < IMAGES; i++) await addImageFile(project.db, project.dir, `images/${i}.png`, png);
    project.close();
  });
  afterAll(() => temp.cleanup());

  it('recomputes nothing already stored and leaves no duplicates when restarted after SIGKILL', async () => {
    const reader = new Database(projectDbPath(dir), { readonly: true, fileMustExist: true });
    const count = reader.prepare('SELECT count(*) FROM predictions').pluck();
    const first = startChild(dir);
    // Kill as soon as some work is committed, while most of it is still to do.
    while ((count.get() as number) === 0 && first.child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    first.child.kill('SIGKILL');
    const killed = await first.exited;
    expect(killed.signal, first.output().stderr).toBe('SIGKILL');

    const before = reader.prepare('SELECT image_id, created_at FROM predictions ORDER BY image_id').all() as Array<{ image_id: number; created_at: string }>;
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(IMAGES);

    const second = startChild(dir);
    const done = await second.exited;
    expect(done.code, second.output().stderr).toBe(0);
    const summary = JSON.parse(second.output().stdout) as { processed: number; failed: number };
    expect(summary).toMatchObject({ processed: IMAGES - before.length, failed: 0 });

    const after = reader.prepare('SELECT image_id, created_at FROM predictions ORDER BY image_id').all() as Array<{ image_id: number; created_at: string }>;
    expect(after.length).toBe(IMAGES);
    expect(new Set(after.map((r) => r.image_id)).size).toBe(IMAGES);
    const unchanged = new Map(after.map((r) => [r.image_id, r.created_at]));
    for (const row of before) expect(unchanged.get(row.image_id)).toBe(row.created_at);
    expect(reader.prepare('SELECT count(*) FROM predictions WHERE error IS NOT NULL').pluck().get()).toBe(0);
    reader.close();
  });
});
