import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode as encodePng } from 'fast-png';
import sharp from 'sharp';
import { inflateLabelMap } from '../../../electron/core/store/labelMapBlob.js';
import { createProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { sha, type KillJob } from './killJob.js';

const IMAGES = 24;
const WIDTH = 32;
const HEIGHT = 24;
/** Images without a mask file: each gets a mask_missing failure and is imported unlabelled. */
const UNMASKED = new Set([5, 17]);
const TEMP_FILE = /\.tmp-/;

/** A distinct gradient per image, so every file has its own hash. */
function pixels(i: number): Buffer {
  const out = Buffer.alloc(WIDTH * HEIGHT * 3);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) out.set([(x * 8 + i * 10) & 255, (y * 10 + i * 3) & 255, (i * 37) & 255], (y * WIDTH + x) * 3);
  }
  return out;
}

function mask(i: number): Uint8Array {
  const data = new Uint8Array(WIDTH * HEIGHT);
  for (let y = 0; y < HEIGHT; y++) data.fill(1 + ((y + i) % 3), y * WIDTH, (y + 1) * WIDTH);
  return data;
}

/** Every file under the project's images/ folder, relative to the project. */
function storedFiles(dir: string): string[] {
  const root = join(dir, 'images');
  const out: string[] = [];
  let shards: string[];
  try {
    shards = readdirSync(root);
  } catch {
    return out;
  }
  for (const shard of shards) for (const name of readdirSync(join(root, shard))) out.push(`images/${shard}/${name}`);
  return out.sort();
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length < 24 || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

interface ImageRow {
  id: number;
  content_hash: string;
  rel_path: string;
  source_path: string | null;
  width: number | null;
  height: number | null;
  split: string;
  status: string;
  thumbnail: Buffer | null;
  mask: Buffer | null;
  mask_source: string | null;
}

const IMAGE_ROWS = `SELECT i.id, i.content_hash, i.rel_path, i.source_path, i.width, i.height, i.split, i.status, t.thumbnail, g.mask, g.source AS mask_source
  FROM images i LEFT JOIN ground_truth g ON g.image_id = i.id LEFT JOIN image_thumbnails t ON t.image_id = i.id ORDER BY i.content_hash`;

/**
 * `faultline import --split train --masks`: 24 labelled PNGs (two without a mask) and one file
 * that is not an image. Files are copied into the project before their rows are committed in one
 * batch, so a kill can land before, between and after those two steps.
 */
export const importJob: KillJob = {
  name: 'import',
  about: `import --split train --masks: ${IMAGES} PNGs ${WIDTH}×${HEIGHT} (${UNMASKED.size} without a mask) and one broken file`,
  async seed(dir, inputs) {
    createProjectDb(dir, 'Kill -9 import').close();
    const images = join(inputs, 'images');
    const masks = join(inputs, 'masks');
    mkdirSync(images, { recursive: true });
    mkdirSync(masks, { recursive: true });
    for (let i = 0; i < IMAGES; i++) {
      const name = `img${String(i).padStart(2, '0')}`;
      writeFileSync(join(images, `${name}.png`), await sharp(pixels(i), { raw: { width: WIDTH, height: HEIGHT, channels: 3 } }).png().toBuffer());
      if (!UNMASKED.has(i)) writeFileSync(join(masks, `${name}.png`), encodePng({ width: WIDTH, height: HEIGHT, data: mask(i), channels: 1, depth: 8 }));
    }
    writeFileSync(join(images, 'broken.png'), Buffer.from('this is not a PNG file at all'));
  },
  args: (dir, inputs) => ['import', dir, join(inputs, 'images'), '--split', 'train', '--masks', join(inputs, 'masks'), '--json'],
  // Files placed count once and rows committed once more, so the kill moments spread over both steps.
  progress: (db, dir) => storedFiles(dir).filter((f) => !TEMP_FILE.test(f)).length + importJob.committed(db),
  committed: (db) => db.prepare('SELECT count(*) FROM images').pluck().get() as number,
  halfWritten(db, dir) {
    const problems: string[] = [];
    for (const row of db.prepare(IMAGE_ROWS).all() as ImageRow[]) {
      const what = `image ${row.id} (${row.rel_path})`;
      if (TEMP_FILE.test(row.rel_path)) problems.push(`${what}: row points at a temporary file`);
      if (row.status !== 'ok' || row.source_path === null) problems.push(`${what}: status ${row.status}, source ${row.source_path}`);
      let bytes: Buffer;
      try {
        bytes = readFileSync(join(dir, row.rel_path));
      } catch {
        problems.push(`${what}: its file is missing`);
        continue;
      }
      if (createHash('sha256').update(bytes).digest('hex') !== row.content_hash) problems.push(`${what}: the file's hash is not the recorded ${row.content_hash}`);
      const size = pngSize(bytes);
      if (!size || size.width !== row.width || size.height !== row.height) problems.push(`${what}: recorded ${row.width}×${row.height}, file ${size?.width}×${size?.height}`);
      const thumb = row.thumbnail;
      if (!thumb || thumb.toString('latin1', 0, 4) !== 'RIFF' || thumb.toString('latin1', 8, 12) !== 'WEBP') problems.push(`${what}: no WebP thumbnail`);
      if (row.mask && row.width && row.height) {
        try {
          inflateLabelMap(row.mask, row.width, row.height, `ground truth of ${what}`);
        } catch (error) {
          problems.push((error as Error).message);
        }
      }
    }
    return problems;
  },
  finalState(db, dir) {
    const images = (db.prepare(IMAGE_ROWS).all() as ImageRow[]).map((r) => [
      r.content_hash,
      r.rel_path,
      r.source_path,
      r.width,
      r.height,
      r.split,
      r.status,
      sha(r.thumbnail),
      sha(r.mask),
      r.mask_source,
    ]);
    const failures = db.prepare('SELECT rel_path, kind, code, reason FROM import_failures ORDER BY rel_path, kind').all();
    // Every file kept is an image row's; temporary files are reported apart (TrialResult.strayTempFiles).
    const files = storedFiles(dir)
      .filter((f) => !TEMP_FILE.test(f))
      .map((f) => [f, sha(readFileSync(join(dir, f)))]);
    return { images, failures, files };
  },
};
