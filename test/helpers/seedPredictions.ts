import { deflateSync } from 'node:zlib';
import { classFractions } from '../../shared/mining/classFractions.js';
import { ModelCard } from '../../shared/models/modelCard.js';
import type { Db } from '../../electron/core/store/openProjectDb.js';

/** Writes rows the way the import and inference pipelines store them, for tests of what reads them. */
export function seedClasses(db: Db, names: string[]): void {
  const insert = db.prepare('INSERT INTO classes (id, name, color, superclass) VALUES (?, ?, ?, NULL)');
  names.forEach((name, id) => insert.run(id, name, `#${((id * 0x3f5a7b) & 0xffffff).toString(16).padStart(6, '0')}`));
}

export function seedImage(db: Db, opts: { hash: string; split: 'pool' | 'train' | 'test'; width: number; height: number; mask?: Uint8Array }): number {
  const now = new Date().toISOString();
  const id = Number(
    db
      .prepare('INSERT INTO images (content_hash, rel_path, width, height, split, imported_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(opts.hash, `images/${opts.hash}.png`, opts.width, opts.height, opts.split, now).lastInsertRowid,
  );
  if (opts.mask) db.prepare("INSERT INTO ground_truth (image_id, mask, source, created_at) VALUES (?, ?, 'import', ?)").run(id, deflateSync(opts.mask), now);
  return id;
}

/** A registry row with a valid card over the project's classes; no ONNX file behind it (tests of stored predictions only). */
export function seedModel(db: Db, name: string, isTarget = false): number {
  const classes = db.prepare('SELECT id, name, color, superclass FROM classes ORDER BY id').all();
  const card = ModelCard.parse({
    cardVersion: 1,
    name,
    version: '1',
    classes,
    input: { tensorName: 'image', width: 8, height: 8, resize: 'stretch', channelOrder: 'RGB', layout: 'NCHW', dataType: 'float32', scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] },
    output: { tensorName: 'logits', kind: 'logits' },
    ignoreIndex: 255,
  });
  return Number(
    db
      .prepare("INSERT INTO models (name, version, onnx_path, onnx_hash, card, is_target, created_at) VALUES (?, '1', ?, 'x', ?, ?, ?)")
      .run(name, `models/${name}.onnx`, JSON.stringify(card), isTarget ? 1 : 0, new Date().toISOString()).lastInsertRowid,
  );
}

export function seedPrediction(db: Db, imageId: number, modelId: number, map: Uint8Array, numClasses: number, uncertainty = { entropy: 0, margin: 1 }): void {
  const fractions = classFractions(map, numClasses);
  db.prepare('INSERT INTO predictions (image_id, model_id, class_fractions, mean_entropy, mean_margin, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    imageId,
    modelId,
    Buffer.from(fractions.buffer),
    uncertainty.entropy,
    uncertainty.margin,
    new Date().toISOString(),
  );
  db.prepare('INSERT INTO prediction_maps (image_id, model_id, label_map) VALUES (?, ?, ?)').run(imageId, modelId, deflateSync(map));
}
