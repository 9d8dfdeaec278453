/**
 * Merge speed: a project of N images, copied twice; in the other copy every image gets a rating
 * and a new annotation version (a MASK×MASK label map) by a new person, and N/10 new images are
 * imported. Times the dry run, the merge, and a second merge (nothing to do), against a floor
 * measured in the same run: reading every row the merge reads from the other copy and copying the
 * new files, with nothing matched or written. Prints one JSON object.
 * Run: npm run bench -- merge [N] [MASK]   (default 2000 images, 256 px masks)
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { mergeProject } from '../../electron/core/merge/mergeProject.js';
import { insertSubmittedVersion } from '../../electron/core/store/annotations.js';
import { saveCandidateSet } from '../../electron/core/store/candidateSets.js';
import { replaceClasses } from '../../electron/core/store/classes.js';
import { createProjectDb, openProjectDb, type Db } from '../../electron/core/store/openProjectDb.js';
import { insertPerson } from '../../electron/core/store/people.js';
import { projectDbPath } from '../../electron/core/store/projectFiles.js';
import { upsertRating } from '../../electron/core/store/ratings.js';

const N = Number(process.argv[2] ?? 2000);
const MASK = Number(process.argv[3] ?? 256);
const NEW_IMAGES = Math.ceil(N / 10);

function addImages(dir: string, db: Db, from: number, count: number): number[] {
  const insert = db.prepare(
    "INSERT INTO images (content_hash, rel_path, source_path, width, height, split, status, imported_at) VALUES (?, ?, ?, ?, ?, 'pool', 'ok', ?)",
  );
  const ids: number[] = [];
  for (let i = from; i < from + count; i++) {
    const bytes = Buffer.alloc(20_000, i % 251);
    bytes.writeUInt32LE(i, 0);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const relPath = `images/${hash.slice(0, 2)}/${hash}.jpg`;
    mkdirSync(join(dir, dirname(relPath)), { recursive: true });
    writeFileSync(join(dir, relPath), bytes);
    ids.push(Number(insert.run(hash, relPath, `pool/${i}.jpg`, MASK, MASK, new Date().toISOString()).lastInsertRowid));
  }
  return ids;
}

function mask(seed: number): Buffer {
  const labels = new Uint8Array(MASK * MASK);
  for (let p = 0; p < labels.length; p++) labels[p] = ((p % MASK) + seed) % 7 < 3 ? 1 : 0;
  return deflateSync(labels);
}

function seed(root: string): { into: string; from: string } {
  const base = join(root, 'base');
  createProjectDb(base, 'Bench').close();
  const project = openProjectDb(base);
  let setId = 0;
  project.db.transaction(() => {
    replaceClasses(project.db, [
      { id: 0, name: 'background', color: '#000000', superclass: null },
      { id: 1, name: 'road', color: '#804080', superclass: null },
    ]);
    const ada = insertPerson(project.db, 'Ada', ['annotator']).id;
    const images = addImages(base, project.db, 0, N);
    const round = Number(project.db.prepare("INSERT INTO rounds (idx, state, created_at) VALUES (1, 'rating', ?)").run(new Date().toISOString()).lastInsertRowid);
    const candidates = images.map((imageId, i) => ({
      rank: i + 1,
      contentHash: String(imageId),
      imageId,
      imageIds: [imageId],
      reasons: [{ strategy: 'random' as const, rank: i + 1, score: 0, imageId }],
    }));
    setId = saveCandidateSet(project.db, round, { strategy: 'random', candidates }, { targetId: 0, competitorIds: [] });
    for (const imageId of images) {
      insertSubmittedVersion(project.db, { imageId, authorId: ada, origin: 'scratch', mask: mask(imageId), width: MASK, height: MASK, timeMs: 1, createdAt: new Date().toISOString() });
    }
  })();
  project.close();
  const into = join(root, 'into');
  const from = join(root, 'from');
  cpSync(base, into, { recursive: true });
  cpSync(base, from, { recursive: true });
  const other = openProjectDb(from);
  other.db.transaction(() => {
    const bo = insertPerson(other.db, 'Bo', ['annotator', 'rater']).id;
    for (let imageId = 1; imageId <= N; imageId++) {
      upsertRating(other.db, { setId, imageId, raterId: bo, score: 3, outOfDomain: false, timeMs: 900 });
      insertSubmittedVersion(other.db, { imageId, authorId: bo, origin: 'scratch', mask: mask(imageId + 1), width: MASK, height: MASK, timeMs: 1, createdAt: new Date().toISOString() });
    }
    addImages(from, other.db, N, NEW_IMAGES);
  })();
  other.close();
  return { into, from };
}

/** The floor: every row the merge reads from the other copy, read, and the new files copied. */
function floor(from: string, scratch: string): number {
  const started = performance.now();
  const db = new Database(projectDbPath(from), { readonly: true });
  let bytes = 0;
  for (const table of ['people', 'images', 'ground_truth', 'models', 'rounds', 'candidate_sets', 'candidates', 'ratings', 'annotations', 'reviews']) {
    for (const row of db.prepare(`SELECT * FROM ${table}`).iterate() as Iterable<Record<string, unknown>>) {
      for (const value of Object.values(row)) if (Buffer.isBuffer(value)) bytes += value.length;
    }
  }
  const newFiles = db.prepare('SELECT rel_path FROM images ORDER BY id DESC LIMIT ?').pluck().all(NEW_IMAGES) as string[];
  db.close();
  mkdirSync(scratch, { recursive: true });
  newFiles.forEach((path, i) => copyFileSync(join(from, path), join(scratch, `${i}.jpg`)));
  if (bytes === 0) throw new Error('read nothing');
  return performance.now() - started;
}

function timed<T>(work: () => T): { ms: number; value: T } {
  const started = performance.now();
  const value = work();
  return { ms: performance.now() - started, value };
}

function mergeOnce(into: string, from: string, dryRun: boolean) {
  const project = openProjectDb(into);
  try {
    return timed(() => mergeProject(project, from, { dryRun }));
  } finally {
    project.close();
  }
}

const root = mkdtempSync(join(os.tmpdir(), 'faultline-merge-bench-'));
try {
  const { into, from } = seed(root);
  const floorMs = floor(from, join(root, 'scratch'));
  const rssBefore = process.memoryUsage().rss;
  const dry = mergeOnce(into, from, true);
  const real = mergeOnce(into, from, false);
  const again = mergeOnce(into, from, false);
  const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'merge',
        conditions: { images: N, newImages: NEW_IMAGES, mask: `${MASK}x${MASK}`, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, loadAverage: os.loadavg()[0], node: process.version },
        counts: real.value.counts,
        conflicts: real.value.conflicts.length,
        ms: { floor: Math.round(floorMs), dryRun: Math.round(dry.ms), merge: Math.round(real.ms), secondMerge: Math.round(again.ms) },
        ratioToFloor: { dryRun: +(dry.ms / floorMs).toFixed(2), merge: +(real.ms / floorMs).toFixed(2), secondMerge: +(again.ms / floorMs).toFixed(2) },
        rssGrowthMb: Math.round(rssGrowthMb),
      },
      null,
      2,
    )}\n`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
