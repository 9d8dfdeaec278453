import { FaultlineError } from '../contract/errors.js';

function checkThreshold(threshold: number): void {
  if (!(threshold >= 0 && threshold <= 1)) throw new FaultlineError('invalid_input', `threshold must be between 0 and 1, got ${threshold}`);
}

/**
 * Images whose score is strictly below the threshold, lowest score first (ties in index order). The
 * reference also returns the next image above the threshold (an off-by-one); this returns exactly the
 * images below it, possibly none.
 */
export function issuesFromScores(imageScores: ArrayLike<number>, threshold = 0.1): number[] {
  checkThreshold(threshold);
  const below: number[] = [];
  for (let n = 0; n < imageScores.length; n++) if (imageScores[n]! < threshold) below.push(n);
  return below.sort((a, b) => imageScores[a]! - imageScores[b]! || a - b);
}

/** The 0/1 mask of pixels whose score is strictly below the threshold. */
export function pixelIssuesFromScores(pixelScores: ArrayLike<number>, threshold = 0.1): Uint8Array {
  checkThreshold(threshold);
  const mask = new Uint8Array(pixelScores.length);
  for (let i = 0; i < pixelScores.length; i++) if (pixelScores[i]! < threshold) mask[i] = 1;
  return mask;
}
