import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { createProjectDb } from '../../electron/core/store/openProjectDb.js';
import { projectDbPath } from '../../electron/core/store/projectFiles.js';

export interface SeedImage {
  relPath: string;
  width: number;
  height: number;
  split?: 'pool' | 'train' | 'test';
  /** Written as a PNG with sharp when given (RGB, width×height×3); rows only otherwise. */
  rgb?: Uint8Array;
  /** Ground-truth class map (width×height), stored zlib-deflated as predictions are. */
  groundTruth?: Uint8Array;
}

export interface SeedClass {
  id: number;
  name: string;
  color: string;
}

export interface Seed {
  images?: SeedImage[];
  classes?: SeedClass[];
  people?: string[];
}

/** Rows straight into a project database, open or closed (images, classes, people); returns the image ids. */
export function insertSeedRows(dir: string, seed: Seed): number[] {
  const db = new Database(projectDbPath(dir));
  db.pragma('busy_timeout = 5000');
  try {
    return db.transaction(() => {
      const now = new Date().toISOString();
      for (const c of seed.classes ?? []) {
        db.prepare('INSERT OR REPLACE INTO classes (id, name, color, superclass) VALUES (?, ?, ?, NULL)').run(c.id, c.name, c.color);
      }
      for (const [i, name] of (seed.people ?? []).entries()) {
        db.prepare("INSERT INTO people (uid, name, roles, created_at) VALUES (?, ?, '[]', ?)").run(`seed-person-${i}-${name}`, name, now);
      }
      return (seed.images ?? []).map((image, i) => {
        const result = db
          .prepare('INSERT INTO images (content_hash, rel_path, width, height, split, imported_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(`seed-${i}-${image.relPath}`, image.relPath, image.width, image.height, image.split ?? 'pool', now);
        const id = Number(result.lastInsertRowid);
        if (image.groundTruth) {
          db.prepare("INSERT INTO ground_truth (image_id, mask, source, created_at) VALUES (?, ?, 'seed', ?)").run(id, deflateSync(image.groundTruth), now);
        }
        return id;
      });
    })();
  } finally {
    db.close();
  }
}

/** A new closed project holding the seeded images (PNG files and rows), classes and people; returns the image ids. */
export async function seedProject(dir: string, seed: Seed & { name?: string }): Promise<number[]> {
  createProjectDb(dir, seed.name ?? 'Seeded').close();
  for (const image of seed.images ?? []) {
    if (!image.rgb) continue;
    const path = join(dir, image.relPath);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, await sharp(Buffer.from(image.rgb), { raw: { width: image.width, height: image.height, channels: 3 } }).png().toBuffer());
  }
  return insertSeedRows(dir, seed);
}

/** An RGB image of vertical stripes, distinct enough to see alignment in screenshots. */
export function stripes(width: number, height: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const band = Math.floor(x / 8) % 3;
      rgb[o] = band === 0 ? 200 : 60;
      rgb[o + 1] = band === 1 ? 180 : 70;
      rgb[o + 2] = band === 2 ? 220 : 80;
    }
  }
  return rgb;
}
