/**
 * Stored per-pixel probabilities (predictions.probs): a 10-byte header, ASCII "FLP1" then K, h, w
 * as little-endian uint16, followed by K·h·w bytes q = round(p · 255), channel-major (k, y, x),
 * in the model's class ids at the model's output resolution (letterbox padding included).
 */
const MAGIC = [0x46, 0x4c, 0x50, 0x31];
const HEADER = 10;

export function encodeProbs(probs: Float32Array, classes: number, h: number, w: number): Uint8Array {
  if (probs.length !== classes * h * w) throw new RangeError(`expected ${classes}×${h}×${w} probabilities, got ${probs.length}`);
  if (classes > 0xffff || h > 0xffff || w > 0xffff) throw new RangeError('probability maps are limited to 65535 per dimension');
  const out = new Uint8Array(HEADER + probs.length);
  out.set(MAGIC);
  const view = new DataView(out.buffer);
  view.setUint16(4, classes, true);
  view.setUint16(6, h, true);
  view.setUint16(8, w, true);
  // A clamped array clamps to [0, 255] and rounds half to even; for float32 p the product p·255
  // is exact and is never k + ½ with k even, so this is round(clamp(p, 0, 1) · 255) in one store.
  const quantised = new Uint8ClampedArray(out.buffer, HEADER, probs.length);
  for (let i = 0; i < probs.length; i++) quantised[i] = probs[i]! * 255;
  return out;
}

export interface DecodedProbs {
  classes: number;
  h: number;
  w: number;
  /** Dequantised, q / 255. */
  probs: Float32Array;
}

export function decodeProbs(blob: Uint8Array): DecodedProbs {
  if (blob.length < HEADER || MAGIC.some((b, i) => blob[i] !== b)) throw new Error('not a Faultline probability blob (FLP1)');
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const classes = view.getUint16(4, true);
  const h = view.getUint16(6, true);
  const w = view.getUint16(8, true);
  if (blob.length !== HEADER + classes * h * w) throw new Error(`probability blob holds ${blob.length - HEADER} values, header says ${classes}×${h}×${w}`);
  const probs = new Float32Array(classes * h * w);
  for (let i = 0; i < probs.length; i++) probs[i] = blob[HEADER + i]! / 255;
  return { classes, h, w, probs };
}

export function probsBlobBytes(classes: number, h: number, w: number): number {
  return HEADER + classes * h * w;
}
