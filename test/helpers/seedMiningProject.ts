import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { createProjectDb } from '../../electron/core/store/openProjectDb.js';
import { seedClasses, seedImage, seedModel, seedPrediction } from './seedPredictions.js';

const W = 40;
const H = 30;

function rows(carRows: number): Uint8Array {
  const map = new Uint8Array(W * H).fill(1);
  map.fill(2, 0, carRows * W);
  return map;
}

/**
 * A closed project with S0 masks, a pool of real PNG files, a target and a rival whose stored
 * predictions disagree more and more along the pool: enough to mine without running models.
 */
export async function seedMiningProject(dir: string, poolSize = 12): Promise<{ targetId: number; rivalId: number }> {
  const project = createProjectDb(dir, 'Mining demo');
  const { db } = project;
  seedClasses(db, ['background', 'road', 'car']);
  mkdirSync(join(dir, 'images'), { recursive: true });
  for (let i = 0; i < 6; i++) seedImage(db, { hash: `train-${i}`, split: 'train', width: W, height: H, mask: rows(6 + i * 2) });
  const targetId = seedModel(db, 'target', true);
  const rivalId = seedModel(db, 'rival');
  for (let i = 0; i < poolSize; i++) {
    const hash = `pool-${i}`;
    await sharp({ create: { width: W, height: H, channels: 3, background: { r: 40 + i * 15, g: 90, b: 160 - i * 8 } } })
      .png()
      .toFile(join(dir, 'images', `${hash}.png`));
    const id = seedImage(db, { hash, split: 'pool', width: W, height: H });
    seedPrediction(db, id, targetId, rows(10), 3, { entropy: i / poolSize, margin: 1 - i / poolSize });
    seedPrediction(db, id, rivalId, rows(Math.round((i * H) / poolSize)), 3);
  }
  project.close();
  return { targetId, rivalId };
}
