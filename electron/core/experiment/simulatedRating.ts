import type { AcrScore } from '../../../shared/rating/meanOpinionScore.js';

/** Standard normal draws from a uniform source (Box–Muller), so rater noise is seeded and repeatable. */
export function gaussian(uniform: () => number): () => number {
  return () => {
    const u = Math.max(uniform(), Number.EPSILON);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

/**
 * What a simulated rater answers on the 1–5 ACR scale for an image on which the target has the
 * true mIoU `miou`: 1 + 4·mIoU (a perfect prediction is "excellent", a useless one "bad") plus
 * Gaussian noise of `noise` scale steps, rounded and clamped. An image with no scorable class
 * counts as a perfect prediction: there is nothing the model got wrong.
 */
export function simulatedScore(miou: number | null, noise: number, normal: () => number): AcrScore {
  const mean = 1 + 4 * (miou ?? 1);
  const score = Math.round(mean + noise * normal());
  return Math.min(5, Math.max(1, score)) as AcrScore;
}
