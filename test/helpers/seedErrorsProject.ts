import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { createProjectDb, type Db } from '../../electron/core/store/openProjectDb.js';
import { projectDbPath } from '../../electron/core/store/projectFiles.js';
import { seedImage, seedModel, seedPrediction } from './seedPredictions.js';
import { stripes } from './seedProject.js';

/** Classes of the errors world, with superclasses (the hierarchy's default comes from them). */
export const ERROR_CLASSES = [
  { id: 0, name: 'background', color: '#000000', superclass: 'void' },
  { id: 1, name: 'road', color: '#804080', superclass: 'flat' },
  { id: 2, name: 'sky', color: '#4682b4', superclass: 'sky' },
  { id: 3, name: 'car', color: '#00008e', superclass: 'vehicle' },
  { id: 4, name: 'truck', color: '#000046', superclass: 'vehicle' },
  { id: 5, name: 'person', color: '#dc143c', superclass: 'human' },
] as const;
export const EC = { background: 0, road: 1, sky: 2, car: 3, truck: 4, person: 5 } as const;
export const EW = 64;
export const EH = 48;

function fill(map: Uint8Array, x0: number, y0: number, width: number, height: number, value: number): void {
  for (let y = y0; y < y0 + height; y++) map.fill(value, y * EW + x0, y * EW + x0 + width);
}

/** Sky, background band, road; a 10×6 car at (x, 30) and a 4×8 person at (48, 26). */
export function streetMask(carX: number): Uint8Array {
  const map = new Uint8Array(EW * EH);
  fill(map, 0, 0, EW, 12, EC.sky);
  fill(map, 0, 24, EW, 24, EC.road);
  fill(map, carX, 30, 10, 6, EC.car);
  fill(map, 48, 26, 4, 8, EC.person);
  return map;
}

export const carXOf = (i: number) => 6 + 3 * i;

/**
 * The base model confuses the car with a truck on even test images and misses it on odd ones,
 * and hallucinates a person in the sky; its fine-tuned child gets the truck confusions right,
 * still misses the odd cars, hallucinates nothing, and newly cuts the person's top row.
 */
export function basePrediction(i: number): Uint8Array {
  const map = streetMask(carXOf(i));
  fill(map, carXOf(i), 30, 10, 6, i % 2 === 0 ? EC.truck : EC.background);
  fill(map, 20, 3, 4, 4, EC.person);
  return map;
}

export function tunedPrediction(i: number): Uint8Array {
  const map = streetMask(carXOf(i));
  if (i % 2 === 1) fill(map, carXOf(i), 30, 10, 6, EC.background);
  fill(map, 48, 26, 4, 1, EC.road);
  return map;
}

export function insertErrorClasses(db: Db): void {
  const insert = db.prepare('INSERT INTO classes (id, name, color, superclass) VALUES (?, ?, ?, ?)');
  for (const c of ERROR_CLASSES) insert.run(c.id, c.name, c.color, c.superclass);
}

/**
 * A closed project for error classification: classes with superclasses, eight S0 training
 * masks, `testImages` labelled test images (PNG files and ground truth, so T0), and two models,
 * `base` and its fine-tuned child `tuned`, whose stored predictions make known errors.
 */
export async function seedErrorsProject(dir: string, testImages = 6): Promise<{ baseId: number; tunedId: number; testIds: number[] }> {
  const project = createProjectDb(dir, 'Errors demo');
  const { db } = project;
  insertErrorClasses(db);
  for (let i = 0; i < 8; i++) seedImage(db, { hash: `s0-${i}`, split: 'train', width: EW, height: EH, mask: streetMask(4 + 4 * i) });
  const baseId = seedModel(db, 'base', true);
  const tunedId = seedModel(db, 'tuned');
  db.prepare("UPDATE models SET parent_id = ?, version = '2' WHERE id = ?").run(baseId, tunedId);
  mkdirSync(join(dir, 'images'), { recursive: true });
  const png = await sharp(Buffer.from(stripes(EW, EH)), { raw: { width: EW, height: EH, channels: 3 } }).png().toBuffer();
  const testIds: number[] = [];
  for (let i = 0; i < testImages; i++) {
    const hash = `t0-${i}`;
    writeFileSync(join(dir, 'images', `${hash}.png`), png);
    const id = seedImage(db, { hash, split: 'test', width: EW, height: EH, mask: streetMask(carXOf(i)) });
    seedPrediction(db, id, baseId, basePrediction(i), ERROR_CLASSES.length);
    seedPrediction(db, id, tunedId, tunedPrediction(i), ERROR_CLASSES.length);
    testIds.push(id);
  }
  project.close();
  return { baseId, tunedId, testIds };
}

/**
 * Adds, to a project open elsewhere or closed, a labelled test image (so T0) with one model's
 * stored prediction, imported (when `sourcePath` is given) from that path; returns the image id.
 */
export function addLabelledTestImage(
  dir: string,
  opts: { width: number; height: number; groundTruth: Uint8Array; modelId: number; prediction: Uint8Array; sourcePath?: string },
): number {
  const db = new Database(projectDbPath(dir));
  try {
    db.pragma('busy_timeout = 5000');
    const now = new Date().toISOString();
    const id = Number(
      db
        .prepare("INSERT INTO images (content_hash, rel_path, source_path, width, height, split, imported_at) VALUES (?, ?, ?, ?, ?, 'test', ?)")
        .run(`labelled-${opts.width}x${opts.height}-${opts.modelId}`, 'images/labelled.png', opts.sourcePath ?? null, opts.width, opts.height, now).lastInsertRowid,
    );
    db.prepare("INSERT INTO ground_truth (image_id, mask, source, created_at) VALUES (?, ?, 'seed', ?)").run(id, deflateSync(opts.groundTruth), now);
    db.prepare('INSERT INTO predictions (image_id, model_id, created_at) VALUES (?, ?, ?)').run(id, opts.modelId, now);
    db.prepare('INSERT INTO prediction_maps (image_id, model_id, label_map) VALUES (?, ?, ?)').run(id, opts.modelId, deflateSync(opts.prediction));
    return id;
  } finally {
    db.close();
  }
}
