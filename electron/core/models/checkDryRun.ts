import type { ModelCard } from '../../../shared/models/modelCard.js';
import { outputAxes } from '../../../shared/models/outputScores.js';
import type { DryRunReport } from './importModel.js';
import { refuse } from './modelRefusal.js';
import { embeddingMisfit, outputMisfit } from './tensorFit.js';

/** Per-pixel channel sums of a probability output must be 1 within this (float32 and exporters' rounding). */
const SUM_TOLERANCE = 0.01;

/** Which run produced the output: the import's on a synthetic image, or a preview on the user's image. */
export type RunKind = 'dry run' | 'preview';
const RUN_PHRASE: Record<RunKind, string> = { 'dry run': 'the dry run on a synthetic image', preview: 'the preview on the given image' };

/**
 * Checks what the dry run (or a preview) on a synthetic image produced against the card. The value checks
 * read the output as the card says (one-channel and class-id outputs already turned into
 * per-class probabilities), so a sigmoid outside 0..1 is caught like probabilities that do not sum to 1.
 */
export function checkDryRun(probe: Pick<DryRunReport, 'outputDims' | 'outputType' | 'outputProblem' | 'finite' | 'sumRange' | 'valueRange' | 'embedding'>, card: ModelCard, run: RunKind): void {
  const { tensorName, kind, layout } = card.output;
  const dims = probe.outputDims;
  const misfit = outputMisfit(dims, probe.outputType, card, run);
  if (misfit) refuse(misfit.reason, misfit.detail);
  if (probe.outputProblem !== null) refuse('dry_run_failed', `on the ${run}, ${probe.outputProblem}.`);
  const axes = outputAxes(dims, layout)!;
  if (!(axes.h > 0 && axes.w > 0)) refuse('output_rank', `output '${tensorName}' is empty (${dims.join('×')}).`);
  if (!probe.finite) refuse('non_finite', `${RUN_PHRASE[run]} produced NaN or infinite scores in '${tensorName}'.`);
  // The worker fetched the embedding tensor (or the run failed): its true rank shows here, also where the graph declares no shape.
  if (card.embedding && probe.embedding) {
    const misfit = embeddingMisfit(probe.embedding.dims, probe.embedding.type, card, run);
    if (misfit) refuse(misfit.reason, misfit.detail);
  }
  if (kind !== 'probabilities' && kind !== 'sigmoid') return;
  const [lo, hi] = probe.sumRange;
  const [vlo, vhi] = probe.valueRange;
  if (vlo < -SUM_TOLERANCE || vhi > 1 + SUM_TOLERANCE || Math.abs(lo - 1) > SUM_TOLERANCE || Math.abs(hi - 1) > SUM_TOLERANCE) {
    const detail =
      kind === 'sigmoid'
        ? `the card says output.kind 'sigmoid' but the foreground values range ${vlo.toPrecision(3)}..${vhi.toPrecision(3)}, outside 0..1; set output.kind to 'binary_logit' if they are logits.`
        : `the card says output.kind 'probabilities' but the values range ${vlo.toPrecision(3)}..${vhi.toPrecision(3)} and sum to ${lo.toPrecision(3)}..${hi.toPrecision(3)} per pixel; set output.kind to 'logits' if they are unnormalised scores.`;
    refuse('not_probabilities', detail);
  }
}
