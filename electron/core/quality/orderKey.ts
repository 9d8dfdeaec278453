/**
 * Maps a float32 bit pattern to a uint32 whose unsigned order is the numeric order, so the Q smallest
 * self-confidences can be found with histograms instead of a sort. −0 is folded onto +0 (they compare
 * equal) and every NaN onto the largest key (numpy sorts NaN last).
 */
export function orderKey(bits: number): number {
  const key = (bits ^ ((bits >> 31) | 0x80000000)) >>> 0;
  if (key === 0x7fffffff) return 0x80000000;
  if (key < 0x007fffff || key > 0xff800000) return 0xffffffff;
  return key;
}

/** The float value a key stands for (NaN for the NaN key). */
export function keyValue(key: number): number {
  const bits = key >= 0x80000000 ? key ^ 0x80000000 : ~key >>> 0;
  const view = new Uint32Array([bits]);
  return new Float32Array(view.buffer)[0]!;
}

/** Coarse histograms have one bucket per top 16 bits of the key. */
export const BUCKETS = 65536;
