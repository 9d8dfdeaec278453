/**
 * Maps a float32 bit pattern to a uint32 whose unsigned order is the numeric order, so the Q smallest
 * self-confidences can be found with histograms instead of a sort. −0 is folded onto +0 (they compare
 * equal) and every NaN onto the largest key (numpy sorts NaN last).
 */
export function orderKey(bits: number): number {
  const key = (bits ^ ((bits >> 31) | 0x80000000)) >>> 0;
  if (key >= 0x80000000 && key <= 0xff800000) return key;
  if (key === 0x7fffffff) return 0x80000000;
  if (key < 0x007fffff || key > 0xff800000) return 0xffffffff;
  return key;
}

/** Coarse histograms have one bucket per top 16 bits of the key. */
export const BUCKETS = 65536;
