/**
 * Unbiased test set T(i+1) of spec §6, taken from the candidates M(i+1) mined with the new target.
 * Walks the candidates in the given order (largest discrepancy first) and keeps an image unless it
 * is out of domain, was used for fine-tuning in any round, repeats an image already seen, or its
 * main foreground class already has maxPerClass images. Images with no foreground (main class
 * null) form one more group under the same cap. Stops at `size`. Same input, same output.
 */

export interface TestSetCandidate {
  imageId: number;
  /** Largest non-background class by area in the reference mask; null when there is none. */
  mainClass: number | null;
  outOfDomain: boolean;
  usedForFineTuning: boolean;
}

export interface TestSetOptions {
  /** Default 30. */
  size?: number;
  /** Default 4. */
  maxPerClass?: number;
}

export type TestSetExclusion = 'out-of-domain' | 'fine-tuning' | 'duplicate' | 'class-cap';

export interface TestSetSelection {
  selected: TestSetCandidate[];
  /** Candidates passed over before the set was full, with why. */
  excluded: Array<{ imageId: number; reason: TestSetExclusion }>;
}

/** Picks T(i+1) from candidates ordered best first; see the module comment for the rules. */
export function selectTestSet(candidates: readonly TestSetCandidate[], options: TestSetOptions = {}): TestSetSelection {
  const size = options.size ?? 30;
  const maxPerClass = options.maxPerClass ?? 4;
  for (const [name, v] of [['size', size], ['maxPerClass', maxPerClass]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
  }
  const selected: TestSetCandidate[] = [];
  const excluded: TestSetSelection['excluded'] = [];
  const seen = new Set<number>();
  const perClass = new Map<number | null, number>();
  for (const c of candidates) {
    if (selected.length >= size) break;
    let reason: TestSetExclusion | null = null;
    if (c.outOfDomain) reason = 'out-of-domain';
    else if (c.usedForFineTuning) reason = 'fine-tuning';
    else if (seen.has(c.imageId)) reason = 'duplicate';
    else if ((perClass.get(c.mainClass) ?? 0) >= maxPerClass) reason = 'class-cap';
    seen.add(c.imageId);
    if (reason) {
      excluded.push({ imageId: c.imageId, reason });
      continue;
    }
    perClass.set(c.mainClass, (perClass.get(c.mainClass) ?? 0) + 1);
    selected.push(c);
  }
  return { selected, excluded };
}

/** Largest class by pixel count among classes not listed as non-foreground (default: class 0); ties to the smaller id; null if none has pixels. */
export function mainForegroundClass(classPixelCounts: ArrayLike<number>, nonForeground: readonly number[] = [0]): number | null {
  const skip = new Set(nonForeground);
  let best: number | null = null;
  let bestCount = 0;
  for (let c = 0; c < classPixelCounts.length; c++) {
    const n = classPixelCounts[c] as number;
    if (n > bestCount && !skip.has(c)) {
      best = c;
      bestCount = n;
    }
  }
  return best;
}
