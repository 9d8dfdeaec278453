import Database from 'better-sqlite3';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migration0012 } from '../../../electron/core/store/migrations/0012_merge_identities.js';
import { migrations } from '../../../electron/core/store/migrations/index.js';
import { createProjectDb, openProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { projectDbPath } from '../../../electron/core/store/projectFiles.js';
import { makeTempDir } from '../../helpers/tempDir.js';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir('faultline-merge-ids-');
});
afterEach(() => temp.cleanup());

const uids = (dir: string): unknown[] => {
  const db = new Database(projectDbPath(dir), { readonly: true });
  try {
    return [db.prepare('SELECT uid FROM rounds ORDER BY id').pluck().all(), db.prepare('SELECT uid FROM candidate_sets ORDER BY id').pluck().all()];
  } finally {
    db.close();
  }
};

it('gives two copies of an older project, upgraded apart, the same identities for their rounds and sets, and every later one its own', () => {
  const old = join(temp.dir, 'old');
  createProjectDb(old, 'Old', { migrations: migrations.slice(0, migrations.indexOf(migration0012)) }).close();
  const raw = new Database(projectDbPath(old));
  raw.prepare("INSERT INTO rounds (idx, state, created_at) VALUES (1, 'rating', '2026-01-01T00:00:00.000Z')").run();
  raw.prepare("INSERT INTO candidate_sets (round_id, strategy, created_at) VALUES (1, 'mad', '2026-01-01T00:00:01.000Z')").run();
  raw.close();
  const a = join(temp.dir, 'a');
  const b = join(temp.dir, 'b');
  cpSync(old, a, { recursive: true });
  cpSync(old, b, { recursive: true });
  openProjectDb(a).close();
  openProjectDb(b).close();
  expect(uids(a)).toEqual(uids(b));
  expect(uids(a)).toEqual([['round:2026-01-01T00:00:00.000Z:1'], ['set:2026-01-01T00:00:01.000Z:1']]);

  // Rounds written after the upgrade by code that knows nothing of identities.
  for (const dir of [a, b]) {
    const db = new Database(projectDbPath(dir));
    db.prepare("INSERT INTO rounds (idx, state, created_at) VALUES (2, 'mining', '2026-02-01T00:00:00.000Z')").run();
    db.close();
  }
  const [roundsA] = uids(a) as [string[]];
  const [roundsB] = uids(b) as [string[]];
  expect(roundsA[1]).toMatch(/^[0-9a-f]{32}$/);
  expect(roundsA[1]).not.toBe(roundsB[1]);
});
