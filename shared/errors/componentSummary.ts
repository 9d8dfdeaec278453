/**
 * For every component of a labelling, what another map says over it: how many pixels hold the
 * component's own class, how many hold no class (value ≥ K), how many a background class, and the
 * most frequent other class with its count. Class histograms are built for a range of components
 * at a time, so a map with very many components never needs count × K counters at once.
 */
export interface ComponentSummary {
  own: Int32Array;
  noClass: Int32Array;
  background: Int32Array;
  /** Most frequent other class (ties: the lower id), −1 when the component holds none. */
  dominant: Int16Array;
  dominantCount: Int32Array;
}

const MAX_COUNTERS = 1 << 22;

export function summariseComponents(
  labels: Int32Array,
  count: number,
  classOf: Uint8Array,
  values: Uint8Array,
  numClasses: number,
  background: Uint8Array,
): ComponentSummary {
  const K = numClasses;
  const slots = K + 1;
  const own = new Int32Array(count + 1);
  const noClass = new Int32Array(count + 1);
  const bg = new Int32Array(count + 1);
  const dominant = new Int16Array(count + 1).fill(-1);
  const dominantCount = new Int32Array(count + 1);
  const batch = Math.max(1, Math.floor(MAX_COUNTERS / slots));
  const hist = new Int32Array(Math.min(count, batch) * slots);
  for (let lo = 1; lo <= count; lo += batch) {
    const hi = Math.min(count + 1, lo + batch);
    hist.fill(0);
    for (let i = 0; i < labels.length; i++) {
      const r = labels[i]!;
      if (r < lo || r >= hi) continue;
      const v = values[i]!;
      hist[(r - lo) * slots + (v < K ? v : K)]!++;
    }
    for (let r = lo; r < hi; r++) {
      const base = (r - lo) * slots;
      const c = classOf[r]!;
      own[r] = c < K ? hist[base + c]! : 0;
      noClass[r] = hist[base + K]!;
      let best = -1;
      let bestCount = 0;
      let back = 0;
      for (let k = 0; k < K; k++) {
        const n = hist[base + k]!;
        if (background[k]) back += n;
        if (k !== c && n > bestCount) {
          best = k;
          bestCount = n;
        }
      }
      bg[r] = back;
      dominant[r] = best;
      dominantCount[r] = bestCount;
    }
  }
  return { own, noClass, background: bg, dominant, dominantCount };
}
