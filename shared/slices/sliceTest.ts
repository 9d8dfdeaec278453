import { benjaminiHochberg } from './benjaminiHochberg.js';
import { fisherExactGreater } from './fisherExact.js';
import { katzRatio, newcombeDifference, wilsonInterval, type Interval } from './proportionIntervals.js';

/**
 * The test every slice must pass, on images it was not found on (the held-out part, or fresh
 * images): does it fail more often than the rest? One-sided Fisher exact test, Wilson intervals
 * for both rates, Newcombe for their difference and Katz for their ratio; Benjamini–Hochberg
 * across the slices tested together; and two plain rules before a slice counts as confirmed.
 */

export interface RateCount {
  images: number;
  failures: number;
}

export interface SliceTest {
  inside: RateCount & { rate: Interval };
  outside: RateCount & { rate: Interval };
  difference: Interval;
  ratio: Interval;
  pValue: number;
}

export interface ConfirmedTest extends SliceTest {
  qValue: number;
  confirmed: boolean;
  /** Why a slice is not confirmed (empty when it is). */
  reasons: string[];
}

export interface ConfirmRules {
  fdr: number;
  minHeldOut: number;
  minRatio: number;
}

export function testSlice(inside: RateCount, outside: RateCount): SliceTest {
  return {
    inside: { ...inside, rate: wilsonInterval(inside.failures, inside.images) },
    outside: { ...outside, rate: wilsonInterval(outside.failures, outside.images) },
    difference: newcombeDifference(inside.failures, inside.images, outside.failures, outside.images),
    ratio: katzRatio(inside.failures, inside.images, outside.failures, outside.images),
    pValue: fisherExactGreater(inside.failures, inside.images - inside.failures, outside.failures, outside.images - outside.failures),
  };
}

/**
 * BH-adjusts the p-values of slices tested together and confirms a slice only when its q-value
 * is at most the FDR, it has at least minHeldOut test images, and its rate ratio is at least
 * minRatio (a significant lift of 1.1 on a huge set is true but not worth anyone's time).
 */
export function confirmSlices(tests: readonly SliceTest[], rules: ConfirmRules): ConfirmedTest[] {
  const q = benjaminiHochberg(tests.map((t) => t.pValue));
  return tests.map((t, i) => {
    const reasons: string[] = [];
    if (t.inside.images < rules.minHeldOut) reasons.push(`only ${t.inside.images} test images (needs ${rules.minHeldOut})`);
    if (!(t.ratio.estimate >= rules.minRatio)) reasons.push(`failure-rate ratio ${Number.isFinite(t.ratio.estimate) ? t.ratio.estimate.toFixed(2) : 'undefined'} (needs ${rules.minRatio})`);
    if (!(q[i]! <= rules.fdr)) reasons.push(`q = ${q[i]!.toPrecision(2)} above the false discovery rate ${rules.fdr}`);
    return { ...t, qValue: q[i]!, confirmed: reasons.length === 0, reasons };
  });
}
