import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import type { CandidateSet } from '../../shared/mining/candidateSet.js';
import type { ModelCard } from '../../shared/models/modelCard.js';
import { insertReview, insertSubmittedVersion, upsertDraft } from '../../electron/core/store/annotations.js';
import { saveCandidateSet } from '../../electron/core/store/candidateSets.js';
import { replaceClasses } from '../../electron/core/store/classes.js';
import { insertModel, setTargetModel } from '../../electron/core/store/models.js';
import { createProjectDb, openProjectDb, type Db } from '../../electron/core/store/openProjectDb.js';
import { insertPerson } from '../../electron/core/store/people.js';
import { upsertRating } from '../../electron/core/store/ratings.js';
import { insertMiningRound } from '../../electron/core/store/rounds.js';

const SIZE = 8;

export const MERGE_CLASSES = [
  { id: 0, name: 'background', color: '#000000', superclass: null },
  { id: 1, name: 'road', color: '#804080', superclass: null },
];

/** A flat-coloured 8×8 PNG whose colour is its identity. */
async function writeImage(dir: string, db: Db, name: string, shade: number): Promise<number> {
  const rgb = Buffer.alloc(SIZE * SIZE * 3, shade);
  const png = await sharp(rgb, { raw: { width: SIZE, height: SIZE, channels: 3 } }).png().toBuffer();
  const hash = createHash('sha256').update(png).digest('hex');
  const relPath = `images/${hash.slice(0, 2)}/${hash}.png`;
  mkdirSync(join(dir, dirname(relPath)), { recursive: true });
  writeFileSync(join(dir, relPath), png);
  return importImageRow(db, hash, relPath, name);
}

/** The images row an import writes (the store's import writer needs a whole run around it). */
function importImageRow(db: Db, hash: string, relPath: string, sourcePath: string): number {
  const insert = db.prepare(
    "INSERT INTO images (content_hash, rel_path, source_path, width, height, split, status, imported_at) VALUES (?, ?, ?, ?, ?, 'pool', 'ok', ?)",
  );
  return Number(insert.run(hash, relPath, sourcePath, SIZE, SIZE, new Date().toISOString()).lastInsertRowid);
}

/** A model row over a file of FILL bytes (never run: a merge moves files, it does not load them). */
function addModel(dir: string, db: Db, name: string, version: string, fill: number): number {
  const bytes = Buffer.alloc(64, fill);
  const relPath = `models/${name}-${version}/${name}.onnx`;
  mkdirSync(join(dir, dirname(relPath)), { recursive: true });
  writeFileSync(join(dir, relPath), bytes);
  const card = { name, version, classes: MERGE_CLASSES } as unknown as ModelCard;
  return insertModel(db, { card, onnxRelPath: relPath, onnxHash: createHash('sha256').update(bytes).digest('hex'), classMap: [0, 1] });
}

function mask(fill: number): { mask: Buffer; width: number; height: number } {
  return { mask: deflateSync(new Uint8Array(SIZE * SIZE).fill(fill)), width: SIZE, height: SIZE };
}

/** Submits a mask of FILL as the image's next version by AUTHOR; returns its annotation id. */
function submit(db: Db, imageId: number, authorId: number, fill: number): number {
  return insertSubmittedVersion(db, { imageId, authorId, origin: 'scratch', timeMs: 1000, createdAt: new Date().toISOString(), ...mask(fill) });
}

function madSet(imageIds: number[], targetId: number, rivalId: number): Pick<CandidateSet, 'strategy' | 'candidates'> {
  return {
    strategy: 'mad',
    candidates: imageIds.map((imageId, i) => ({
      rank: i + 1,
      contentHash: `content-${imageId}`,
      imageId,
      imageIds: [imageId],
      reasons: [{ strategy: 'mad', targetModelId: targetId, competitorModelId: rivalId, defenderModelId: targetId, classId: 1, rank: i + 1, d: 0.5, imageId }],
    })),
  };
}

function withDb<T>(dir: string, work: (db: Db) => T): T {
  const project = openProjectDb(dir);
  try {
    return project.db.transaction(() => work(project.db))();
  } finally {
    project.close();
  }
}

/** Ticks the clock between writes whose order a merge decides by time. */
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve)).then(() => new Promise((r) => setTimeout(r, 2)));

/**
 * A project copied to two folders that then diverged in every table a merge brings: people,
 * images, models (one whose name and version clash), rounds and candidate sets, ratings (one
 * rated again), annotation versions (image 0 in both copies: a conflict), reviews and a draft.
 */
export async function seedMergeCopies(root: string): Promise<{ base: string; a: string; b: string }> {
  const base = join(root, 'base');
  createProjectDb(base, 'Lab').close();
  const ids = await (async () => {
    const project = openProjectDb(base);
    const db = project.db;
    try {
      replaceClasses(db, MERGE_CLASSES);
      const ada = insertPerson(db, 'Ada', ['annotator', 'rater']).id;
      const ben = insertPerson(db, 'Ben', ['reviewer']).id;
      const images = [];
      for (let i = 0; i < 4; i++) images.push(await writeImage(base, db, `street/${i}.png`, 40 + 40 * i));
      const target = addModel(base, db, 'segnet', '1', 1);
      const rival = addModel(base, db, 'rival', '1', 2);
      setTargetModel(db, target);
      const round = insertMiningRound(db, target);
      const set = saveCandidateSet(db, round, madSet([images[0]!, images[1]!], target, rival), { targetId: target, competitorIds: [rival] });
      upsertRating(db, { setId: set, imageId: images[0]!, raterId: ada, score: 2, outOfDomain: false, timeMs: 500 });
      const v1 = submit(db, images[0]!, ada, 1);
      insertReview(db, { annotationId: v1, reviewerId: ben, decision: 'accepted', marks: [], createdAt: new Date().toISOString() });
      return { ada, ben, images, target, rival, set };
    } finally {
      project.close();
    }
  })();
  const a = join(root, 'a');
  const b = join(root, 'b');
  cpSync(base, a, { recursive: true });
  cpSync(base, b, { recursive: true });
  await tick();

  withDb(a, (db) => {
    const cy = insertPerson(db, 'Cy', ['rater']).id;
    upsertRating(db, { setId: ids.set, imageId: ids.images[1]!, raterId: cy, score: 4, outOfDomain: false, timeMs: 700 });
    submit(db, ids.images[0]!, ids.ada, 0);
    const v = submit(db, ids.images[1]!, ids.ada, 1);
    insertReview(db, { annotationId: v, reviewerId: ids.ben, decision: 'accepted', marks: [], createdAt: new Date().toISOString() });
    const tuned = addModel(a, db, 'segnet', '2', 3);
    const round = insertMiningRound(db, tuned);
    saveCandidateSet(db, round, madSet([ids.images[2]!], tuned, ids.target), { targetId: tuned, competitorIds: [ids.target] });
  });
  await tick();
  const fresh = await (async () => {
    const project = openProjectDb(b);
    try {
      return await writeImage(b, project.db, 'street/new.png', 250);
    } finally {
      project.close();
    }
  })();
  withDb(b, (db) => {
    const dee = insertPerson(db, 'Dee', ['annotator', 'rater']).id;
    upsertRating(db, { setId: ids.set, imageId: ids.images[0]!, raterId: dee, score: 1, outOfDomain: false, timeMs: 300 });
    submit(db, ids.images[0]!, dee, 1);
    const v = submit(db, ids.images[2]!, dee, 1);
    insertReview(db, { annotationId: v, reviewerId: ids.ben, decision: 'returned', marks: [{ x: 1, y: 1, kind: 'boundary', comment: 'kerb' }], createdAt: new Date().toISOString() });
    upsertDraft(db, { imageId: ids.images[3]!, authorId: dee, origin: 'scratch', timeMs: 100, createdAt: new Date().toISOString(), ...mask(1) });
    const other = addModel(b, db, 'segnet', '2', 4);
    const round = insertMiningRound(db, other);
    const set = saveCandidateSet(db, round, madSet([fresh, ids.images[3]!], other, ids.target), { targetId: other, competitorIds: [ids.target] });
    upsertRating(db, { setId: set, imageId: fresh, raterId: dee, score: null, outOfDomain: true, timeMs: 300 });
  });
  await tick();
  // Ada rates image 0 again in copy B, later than anything in A: B's rating wins in both orders.
  withDb(b, (db) => upsertRating(db, { setId: ids.set, imageId: ids.images[0]!, raterId: ids.ada, score: 5, outOfDomain: false, timeMs: 400 }));
  return { base, a, b };
}
