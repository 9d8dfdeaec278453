import { InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { SliceReport } from '../../../shared/contract/methods/sliceMethods.js';
import { SliceParams } from '../../../shared/slices/sliceParams.js';
import type { IntervalView } from '../../../shared/slices/sliceSchemas.js';
import type { RegisterCommand } from '../command.js';
import { runJob, withProject } from '../cliCore.js';
import { wholeNumber } from '../optionParsers.js';

function fraction(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('expected a number from 0 to 1');
  return n;
}

interface SlicesFlags {
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

export const registerSlices: RegisterCommand = (program) => {
  program
    .command('slices')
    .description('Find failure slices of a model (default: the target): cluster its failures in its own feature space (or a CLIP-like encoder\'s), describe them (attribute contrasts, and captions when a captioner is installed), and confirm them on held-out images.')
    .argument('<project>', 'project folder')
    .option('--model <id>', 'model to slice (default: the project target)', wholeNumber)
    .option('--population <kind>', 'auto | labelled (failure: image mIoU below τ) | pool (failure: discrepancy with competitors above τ)', 'auto')
    .option('--miou-below <t>', 'τ for labelled images (default: the --failure-share with the lowest mIoU)', fraction)
    .option('--discrepancy-above <t>', 'τ for pool images (default: the --failure-share with the highest discrepancy)', fraction)
    .option('--failure-share <s>', 'share of images that fail when no τ is given', fraction)
    .option('--embedding <what>', "target (the model's own features) | auto (the first image encoder in the project's models/ folder, else target) | the encoder's folder name", 'auto')
    .option('--captioner <what>', "auto (the first captioner in models/, if any) | off | the captioner's folder name", 'auto')
    .option('--fresh-reserve <s>', 'share of pool images a pool run keeps aside for fresh checks', fraction)
    .option('--seed <n>', 'seed of the split, cross-validation and clustering', wholeNumber, 1)
    .option('--show', 'print the latest stored run (or --run ID) with its fresh checks as they stand now, without running again')
    .option('--run <id>', 'with --show: the run to print', wholeNumber)
    .option('--json', 'print the whole report (slices, intervals, p- and q-values, contrasts, examples) as JSON')
    .action(async (folder: string, flags: SlicesFlags) => {
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
    });
};
