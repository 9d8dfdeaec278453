import type { ModelCard } from '../../../shared/models/modelCard.js';
import type { DryRunReport } from './importModel.js';
import { refuse } from './modelRefusal.js';

/** Per-pixel channel sums of a probability output must be 1 within this (float32 and exporters' rounding). */
const SUM_TOLERANCE = 0.01;

/** Checks what the dry run on a synthetic image produced against the card. */
export function checkDryRun(probe: Pick<DryRunReport, 'outputDims' | 'finite' | 'sumRange' | 'valueRange'>, card: ModelCard): void {
  const { tensorName, kind } = card.output;
  const dims = probe.outputDims;
  if (dims.length !== 4) {
    refuse('output_rank', `output '${tensorName}' came out with rank ${dims.length} (${dims.join('×')}) on the dry run; a score map has rank 4 (N, K, H, W).`);
  }
  if (dims[1] !== card.classes.length) {
    refuse('class_count', `output '${tensorName}' has ${dims[1]} channels (${dims.join('×')}) but the card lists ${card.classes.length} classes.`);
  }
  if (!(dims[2]! > 0 && dims[3]! > 0)) refuse('output_rank', `output '${tensorName}' is empty (${dims.join('×')}).`);
  if (!probe.finite) refuse('non_finite', `the dry run on a synthetic image produced NaN or infinite scores in '${tensorName}'.`);
  if (kind === 'probabilities') {
    const [lo, hi] = probe.sumRange;
    const [vlo, vhi] = probe.valueRange;
    if (vlo < -SUM_TOLERANCE || vhi > 1 + SUM_TOLERANCE || Math.abs(lo - 1) > SUM_TOLERANCE || Math.abs(hi - 1) > SUM_TOLERANCE) {
      refuse(
        'not_probabilities',
        `the card says output.kind 'probabilities' but the values range ${vlo.toPrecision(3)}..${vhi.toPrecision(3)} and sum to ${lo.toPrecision(3)}..${hi.toPrecision(3)} per pixel; set output.kind to 'logits' if they are unnormalised scores.`,
      );
    }
  }
}
