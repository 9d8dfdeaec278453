/** Normalisation of 8-bit RGB into a model's float input, as a model card describes it. */
export interface Normalisation {
  scale: number;
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

/**
 * Writes packed RGB (row-major, 3 bytes a pixel) into `out` at image slot `index` of an NCHW
 * batch: value = (pixel·scale − mean) / std per channel.
 */
export function rgbToNchw(rgb: Uint8Array, pixels: number, norm: Normalisation, out: Float32Array, index = 0): void {
  const base = index * 3 * pixels;
  for (let c = 0; c < 3; c++) {
    const k = norm.scale / norm.std[c]!;
    const m = norm.mean[c]! / norm.std[c]!;
    const plane = base + c * pixels;
    for (let p = 0; p < pixels; p++) out[plane + p] = rgb[3 * p + c]! * k - m;
  }
}

/** Per-pixel argmax over the K channels of one image in an NCHW score batch. */
export function argmaxNchw(scores: Float32Array, classes: number, pixels: number, index: number, out: Uint8Array): void {
  const base = index * classes * pixels;
  out.fill(0);
  // The best score so far is read back from `scores` (no scratch array: this runs per image and model).
  for (let k = 1; k < classes; k++) {
    const plane = base + k * pixels;
    for (let p = 0; p < pixels; p++) {
      if (scores[plane + p]! > scores[base + out[p]! * pixels + p]!) out[p] = k;
    }
  }
}
