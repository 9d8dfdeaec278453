import type { CompiledHierarchy } from './classHierarchy.js';
import type { ErrorCategory } from './errorCategories.js';
import type { ErrorSettings } from './errorSettings.js';
import { adjacencyShare, lift, type TrainingStatistics } from './trainingStatistics.js';

/** What the rules look at for one ground-truth region R of class y. Shares are of R's pixels. */
export interface RegionEvidence {
  classId: number;
  area: number;
  /** Share of R predicted as y. */
  recall: number;
  /** Most frequent wrong class over R (background included), −1 when R holds none. */
  dominant: number;
  dominantShare: number;
  /** Share of R predicted as no project class (an unmapped model class). */
  noClassShare: number;
  /** Share of R predicted as a background class. */
  backgroundShare: number;
  /** Correct pixels of R's inner band over the band plus the spill: 1 is a perfect boundary. */
  boundaryAgreement: number;
  /** Wrong pixels of R that lie in the band inside its boundary. */
  wrongInBand: number;
  /** Pixels just outside R predicted as y (within the band). */
  spill: number;
  /** R's wrong pixels plus its spill. */
  wrongAround: number;
  /** Mean probability of the dominant wrong class where it is predicted; null without probabilities. */
  confidence: number | null;
  /** Mean self-confidence of y over R; null without probabilities. */
  labelQuality: number | null;
  /** Best share of those pixels on which a competitor predicts the same wrong class; null without competitors. */
  competitorAgreement: number | null;
  /** Standard deviations from y's S0 regions (log area or log aspect); null without enough S0 regions. */
  atypicality: number | null;
}

/**
 * Every category whose rule R meets, in the fixed order (ignore, correct, acceptable, label
 * error, boundary, missed, fine-grained, context, stuff, non-prototypical); a region takes the
 * first, or model failure when the list is empty. Listing them all lets tests check that exactly
 * one rule fires and lets the view say which later rules a region also meets.
 */
export function matchingRules(e: RegionEvidence, s: ErrorSettings, H: CompiledHierarchy, stats: TrainingStatistics): ErrorCategory[] {
  const K = H.numClasses;
  const y = e.classId;
  const d = e.dominant;
  const out: ErrorCategory[] = [];
  if (e.area < s.minRegionPixels || e.noClassShare > s.ignoreShare) out.push('ignore');
  if (e.recall >= s.correctRecall && e.boundaryAgreement >= s.correctBoundary) out.push('correct');
  if (d >= 0 && H.alias[y * K + d]) out.push('acceptable');
  if (
    d >= 0 &&
    e.confidence !== null &&
    e.labelQuality !== null &&
    e.competitorAgreement !== null &&
    e.confidence >= s.highConfidence &&
    e.labelQuality < s.lowLabelQuality &&
    e.competitorAgreement >= s.competitorAgreement
  ) {
    out.push('label_error');
  }
  if (e.recall >= s.boundaryRecall && e.wrongAround > 0 && e.wrongInBand + e.spill >= s.boundaryWrongShare * e.wrongAround) {
    out.push(e.wrongInBand >= e.spill ? 'boundary_under' : 'boundary_bleeding');
  }
  if (e.backgroundShare > s.missedBackgroundShare || (e.recall < s.missedRecall && e.dominantShare <= s.missedOtherShare)) out.push('missed');
  if (d >= 0) {
    const related = H.sameGroup[y * K + d] === 1;
    if (related && e.dominantShare >= s.fineGrainedShare) out.push('fine_grained');
    if (!related && e.dominantShare >= s.contextShare && (lift(stats, y, d) >= s.contextLift || adjacencyShare(stats, y, d) >= s.contextAdjacencyShare)) {
      out.push('context');
    }
    if (H.stuff[d]) out.push('stuff');
  }
  if (e.atypicality !== null && e.atypicality > s.atypicalSigma) out.push('non_prototypical');
  return out;
}
