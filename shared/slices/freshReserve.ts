/**
 * Pool images a slice run leaves out so that fresh-image checks later have images neither the
 * discovery nor the held-out test has seen. Membership depends only on the image id and the
 * seed (a 32-bit integer hash, not the order images arrive in), so re-running with more images
 * keeps earlier reservations.
 */
export function isReservedForFresh(imageId: number, fraction: number, seed: number): boolean {
  if (fraction <= 0) return false;
  let h = (Math.imul(imageId >>> 0, 0x9e3779b1) ^ Math.imul(seed >>> 0, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return h / 2 ** 32 < fraction;
}
