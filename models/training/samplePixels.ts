import type { Random } from '../random.js';

/**
 * Picks pixels of one label map to train on: half uniformly (keeps the class priors), half
 * spread evenly over the classes present (so small classes such as people are seen often
 * enough). Pixels labelled ignoreIndex are never picked.
 */
export function choosePixels(mask: Uint8Array, count: number, rng: Random, ignoreIndex: number): Int32Array {
  const byClass = new Map<number, number[]>();
  for (let p = 0; p < mask.length; p++) {
    const c = mask[p]!;
    if (c === ignoreIndex) continue;
    let list = byClass.get(c);
    if (!list) byClass.set(c, (list = []));
    list.push(p);
  }
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  const chosen = new Int32Array(classes.length === 0 ? 0 : count);
  if (classes.length === 0) return chosen;
  const labelled = classes.flatMap((c) => byClass.get(c)!);
  const uniform = count >> 1;
  for (let i = 0; i < uniform; i++) chosen[i] = labelled[Math.floor(rng.next() * labelled.length)]!;
  for (let i = uniform; i < count; i++) {
    const list = byClass.get(classes[i % classes.length]!)!;
    chosen[i] = list[Math.floor(rng.next() * list.length)]!;
  }
  return chosen;
}

/** Copies the feature vectors of chosen pixels out of an NCHW feature batch. */
export function gatherFeatures(
  featureMaps: Float32Array,
  channels: number,
  pixels: number,
  image: number,
  chosen: Int32Array,
  out: Float32Array,
  outOffset: number,
): void {
  const base = image * channels * pixels;
  for (let i = 0; i < chosen.length; i++) {
    const p = chosen[i]!;
    const o = (outOffset + i) * channels;
    for (let c = 0; c < channels; c++) out[o + c] = featureMaps[base + c * pixels + p]!;
  }
}
