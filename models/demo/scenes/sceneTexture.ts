import type { SceneTexture } from './sceneTypes.js';

/**
 * Adds surface grain (its strength depends on the class under the pixel: foliage is rough,
 * sky is smooth) and sensor noise to a rendered RGBA image, returning packed RGB. One 32-bit
 * xorshift draw per pixel gives four uniform bytes: one for the grain, one per channel for the
 * sensor noise; this loop runs for every pixel of every image, so it stays that cheap.
 */
export function applyTexture(rgba: Uint8Array, mask: Uint8Array, texture: SceneTexture): Uint8Array {
  const pixels = mask.length;
  const rgb = new Uint8Array(pixels * 3);
  // Uniform noise in [-a, a] has standard deviation a/√3.
  const sensor = (texture.sensorNoise * Math.sqrt(3)) / 127.5;
  const grainScale = texture.classGrain.map((g) => g / 127.5);
  let state = texture.seed | 1;
  for (let p = 0; p < pixels; p++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const grain = (grainScale[mask[p]!] ?? 0) * ((state & 0xff) - 127.5);
    for (let c = 0; c < 3; c++) {
      const noise = sensor * (((state >>> (8 * (c + 1))) & 0xff) - 127.5);
      const v = rgba[4 * p + c]! + grain + noise;
      rgb[3 * p + c] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
  }
  return rgb;
}
