import { mulberry32, shuffleInPlace } from '../mining/prng.js';

export interface DiscoverySplit {
  /** 1 where the image is held out for testing, 0 where it is used for discovery. */
  heldOut: Uint8Array;
  by: 'group' | 'random';
  groups: number;
}

/** Fewest groups for a split by group to be trusted, and the largest share one group may hold. */
const MIN_GROUPS = 4;
const MAX_GROUP_SHARE = 0.5;

/**
 * Splits images into a discovery part and a held-out part. Images of one group (a folder, a
 * video sequence) are alike, so a slice found on some of them would be "confirmed" by their
 * neighbours; where there are enough groups, whole groups are held out. Otherwise each image is
 * held out at random. Seeded either way.
 */
export function splitDiscovery(groupKeys: ReadonlyArray<string | null>, options: { seed?: number; heldOutFraction?: number } = {}): DiscoverySplit {
  const n = groupKeys.length;
  const fraction = options.heldOutFraction ?? 0.5;
  const random = mulberry32(options.seed ?? 1);
  const heldOut = new Uint8Array(n);
  const sizes = new Map<string, number>();
  for (const key of groupKeys) if (key !== null) sizes.set(key, (sizes.get(key) ?? 0) + 1);
  const grouped = [...sizes.values()].reduce((a, b) => a + b, 0);
  const largest = Math.max(0, ...sizes.values());
  if (sizes.size >= MIN_GROUPS && grouped === n && largest <= MAX_GROUP_SHARE * n) {
    const keys = shuffleInPlace([...sizes.keys()].sort(), random);
    const chosen = new Set<string>();
    let taken = 0;
    for (const key of keys) {
      if (taken >= fraction * n) break;
      chosen.add(key);
      taken += sizes.get(key)!;
    }
    groupKeys.forEach((key, i) => (heldOut[i] = chosen.has(key!) ? 1 : 0));
    return { heldOut, by: 'group', groups: sizes.size };
  }
  const order = shuffleInPlace(Array.from({ length: n }, (_, i) => i), random);
  for (let r = 0; r < Math.round(fraction * n); r++) heldOut[order[r]!] = 1;
  return { heldOut, by: 'random', groups: sizes.size };
}
