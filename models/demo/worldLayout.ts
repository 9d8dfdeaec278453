import { deriveSeed } from '../random.js';
import type { DemoSplit } from './scenes/sceneConditions.js';

/** Image size of every demo scene and every demo model's input. */
export const DEMO_IMAGE_SIZE = { width: 128, height: 96 } as const;

const SPLIT_CODE: Record<DemoSplit, number> = { train: 1, test: 2, pool: 3 };

/** Each scene's seed depends only on the world seed, its split and its index. */
export function sceneSeed(worldSeed: number, split: DemoSplit, index: number): number {
  return deriveSeed(worldSeed, SPLIT_CODE[split], index);
}

function stem(split: DemoSplit, index: number): string {
  return `${split}-${String(index).padStart(5, '0')}.png`;
}

/** Paths relative to the world folder (always with forward slashes). */
export const worldPaths = {
  image: (split: DemoSplit, index: number): string => `images/${split}/${stem(split, index)}`,
  mask: (split: Exclude<DemoSplit, 'pool'>, index: number): string => `masks/${split}/${stem(split, index)}`,
  oracleMask: (index: number): string => `oracle/pool/${stem('pool', index)}`,
  oracleIndex: 'oracle/index.json',
  manifest: 'manifest.json',
  model: (name: string): string => `models/${name}.onnx`,
  card: (name: string): string => `models/${name}.card.json`,
};
