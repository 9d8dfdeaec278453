import { z } from 'zod';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { SliceReport } from '../../../shared/contract/methods/sliceMethods.js';
import { SliceParams } from '../../../shared/slices/sliceParams.js';
import type { IntervalView } from '../../../shared/slices/sliceSchemas.js';
import { runJob, withProject } from '../cliCore.js';

export interface SlicesFlags {
  model?: number;
  population: string;
  miouBelow?: number;
  discrepancyAbove?: number;
  failureShare?: number;
  embedding: string;
  captioner: string;
  freshReserve?: number;
  seed: number;
  json?: boolean;
  show?: boolean;
  run?: number;
}

const percent = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(0)} %`);
const interval = (i: IntervalView, format: (v: number | null) => string): string => `${format(i.estimate)} [${format(i.lower)}, ${format(i.upper)}]`;
const ratio = (v: number | null): string => (v === null ? '∞' : v.toFixed(2));

/** The run in a few lines a person can read in a terminal. */
export function describeReport(report: SliceReport): string {
  const lines = [
    `Slice run ${report.runId} of model ${report.modelId}: ${report.population.images} images, ${report.population.failures} failed.`,
    `Failure: ${report.population.rule}.`,
    `Split by ${report.split.by}: ${report.split.discovery.images} images for discovery, ${report.split.heldOut.images} held out; held-out failure rate ${interval(report.baseline, percent)}.`,
    `Structure: cross-validated AUROC ${report.structure.auroc === null ? '—' : report.structure.auroc.toFixed(3)} (gate ${report.structure.threshold}) on ${report.embedding.encoder ? `models/${report.embedding.encoder} embeddings` : report.embedding.source === 'features' ? "the model's pooled features" : "the model's pooled class scores"} (${report.embedding.dims} → ${report.embedding.reducedDims} dimensions).`,
    ...(report.captioner ? [`Captions by models/${report.captioner.name}, contrasted with ${report.captioner.reference} captions of images outside every slice.`] : []),
    `What failures have in common: ${report.failureDescription}`,
    ...report.notes,
  ];
  if (report.slices.length > 0) lines.push('', 'rank  confirmed  held-out rate in slice   outside   ratio (95 % CI)          q        description');
  for (const s of report.slices) {
    lines.push(
      [
        String(s.index + 1).padEnd(4),
        (s.test.confirmed ? 'yes' : 'no').padEnd(9),
        `${s.test.inside.failures}/${s.test.inside.images} ${interval(s.test.inside.rate, percent)}`.padEnd(24),
        percent(s.test.outside.rate.estimate).padEnd(9),
        interval(s.test.ratio, ratio).padEnd(24),
        s.test.qValue.toPrecision(2).padEnd(8),
        s.description,
      ].join(' '),
    );
    if (s.captionSummary) lines.push(`      ${s.captionSummary}`);
    if (!s.test.confirmed) lines.push(`      not confirmed: ${s.test.reasons.join('; ')}`);
    for (const f of s.fresh) lines.push(`      fresh check ${f.id} (${f.source === 'retrieval' ? `rating set ${f.setId ?? '—'}` : f.generator}): ${f.summary}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function slices(folder: string, flags: SlicesFlags): Promise<void> {
  const parsed = SliceParams.safeParse({
    population: flags.population,
    embedding: flags.embedding,
    captioner: flags.captioner,
    seed: flags.seed,
    ...(flags.freshReserve !== undefined ? { freshReserve: flags.freshReserve } : {}),
    ...(flags.miouBelow !== undefined ? { miouBelow: flags.miouBelow } : {}),
    ...(flags.discrepancyAbove !== undefined ? { discrepancyAbove: flags.discrepancyAbove } : {}),
    ...(flags.failureShare !== undefined ? { failureShare: flags.failureShare } : {}),
  });
  if (!parsed.success) throw new FaultlineError('invalid_input', `Bad slice settings: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`);
  if (flags.show || flags.run !== undefined) {
    await withProject(folder, { readOnly: true }, async (client) => {
      const report = await client.call('slices.get', { modelId: flags.model, runId: flags.run });
      if (!report) throw new FaultlineError('not_found', 'There is no slice run yet: run `faultline slices PROJECT` first.');
      process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : describeReport(report));
    });
    return;
  }
  await withProject(folder, {}, async (client) => {
    const outcome = await runJob(client, 'slices', () => client.call('slices.run', { modelId: flags.model, params: parsed.data }), { label: 'Slices' });
    const report = (await client.call('slices.get', { runId: outcome.runId }))!;
    process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : describeReport(report));
  });
}
