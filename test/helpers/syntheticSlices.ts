import { mulberry32 } from '../../shared/mining/prng.js';
import type { AttributeTable } from '../../shared/slices/attributeContrasts.js';

export interface SyntheticSliceData {
  embeddings: Float32Array;
  dims: number;
  failed: Uint8Array;
  /** 1 for images of the planted weak condition. */
  planted: Uint8Array;
  attributes: AttributeTable;
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(random(), 1e-300))) * Math.cos(2 * Math.PI * random());
}

/**
 * Embeddings of a pool with ordinary scenes spread over `scenes` Gaussian clusters and one
 * planted condition (its own cluster, darker images) on which the model fails far more often.
 * With `structure: false` failures are drawn at one rate for everyone.
 */
export function syntheticSliceData(options: {
  n: number;
  dims: number;
  seed: number;
  plantedShare?: number;
  plantedFailure?: number;
  baseFailure?: number;
  scenes?: number;
  structure?: boolean;
}): SyntheticSliceData {
  const { n, dims } = options;
  const random = mulberry32(options.seed);
  const scenes = options.scenes ?? 6;
  const centres = Array.from({ length: scenes + 1 }, () => Float64Array.from({ length: dims }, () => normal(random) * 3));
  const embeddings = new Float32Array(n * dims);
  const failed = new Uint8Array(n);
  const planted = new Uint8Array(n);
  const brightness = new Float64Array(n);
  const folder: string[] = [];
  const structure = options.structure ?? true;
  for (let i = 0; i < n; i++) {
    const isPlanted = random() < (options.plantedShare ?? 0.1);
    planted[i] = isPlanted ? 1 : 0;
    const centre = centres[isPlanted ? scenes : Math.floor(random() * scenes)]!;
    for (let j = 0; j < dims; j++) embeddings[i * dims + j] = centre[j]! + normal(random);
    const rate = structure && isPlanted ? (options.plantedFailure ?? 0.7) : (options.baseFailure ?? 0.1);
    failed[i] = random() < rate ? 1 : 0;
    brightness[i] = (isPlanted ? 0.15 : 0.45) + 0.05 * normal(random);
    folder.push(`site-${Math.floor(random() * 3)}`);
  }
  return {
    embeddings,
    dims,
    failed,
    planted,
    attributes: {
      numeric: [{ key: 'brightness', label: 'brightness', values: brightness, lower: 'darker', higher: 'brighter', format: 'fraction' }],
      categorical: [{ key: 'folder', label: 'folder', values: folder }],
    },
  };
}
