import { FaultlineError } from '../../../shared/contract/errors.js';
import { FinetuneParams, type FinetuneRun } from '../../../shared/contract/methods/finetuneMethods.js';
import { runJob, withProject } from '../cliCore.js';

const FLAG: Record<string, string> = {
  modelId: '--model',
  iterations: '--iterations',
  learningRate: '--lr',
  batchSize: '--batch',
  seed: '--seed',
  trainable: '--trainable',
  learningRateGrid: '--grid',
  acceptWorse: '--accept-worse',
};

export interface FinetuneFlags {
  model?: number;
  iterations?: number;
  lr?: number;
  batch?: number;
  seed?: number;
  trainable?: string;
  grid?: number[];
  acceptWorse?: boolean;
  json?: boolean;
}

const score = (s: { loss: number; accuracy: number } | null) => (s ? `loss ${s.loss.toFixed(3)}, accuracy ${(s.accuracy * 100).toFixed(1)} %` : '—');

function summary(run: FinetuneRun): string {
  const lines = [
    `${run.name} ${run.version} (fine-tuned from ${run.parentVersion}, model ${run.parentId}) is registered as model ${run.modelId} and is now the target: ${run.onnxRelPath}`,
    `Learned from ${run.images.old} S0 and ${run.images.new} counterexample images (${run.pixels.oldKept} + ${run.pixels.newKept} labelled feature pixels kept) in ${run.seconds.toFixed(1)} s on ${run.provider.toUpperCase()}.`,
    `  counterexamples: ${score(run.before.new)} → ${score(run.after.new)}`,
    `  S0:              ${score(run.before.old)} → ${score(run.after.old)}`,
  ];
  if (run.grid && run.validation) {
    const v = run.validation;
    lines.push(
      `Refitted the ${run.trainable ?? 'head'}; learning rate chosen on ${v.source} (${v.images} images): ${run.grid
        .map((g) => `${g.learningRate} → ${g.miou === null ? 'diverged' : `${g.miou.toFixed(3)} at iteration ${g.bestIteration}`}`)
        .join(', ')}; kept ${run.chosenLearningRate}.`,
      `  ${v.source} pixels mIoU: parent ${v.parentMiou.toFixed(3)} → ${v.miou.toFixed(3)}${v.worse ? ' — WORSE than the parent by more than the margin, registered because --accept-worse was given' : ''}`,
    );
  }
  if (run.skipped.length > 0) lines.push(`Skipped ${run.skipped.length} images: ${run.skipped.map((s) => `${s.imageId} (${s.reason})`).join(', ')}`);
  lines.push('Run `faultline infer` for its predictions, then `faultline evaluate`.');
  return `${lines.join('\n')}\n`;
}

export async function finetune(folder: string, flags: FinetuneFlags): Promise<void> {
  const parsed = FinetuneParams.safeParse({ modelId: flags.model, iterations: flags.iterations, learningRate: flags.lr, batchSize: flags.batch, seed: flags.seed,
    trainable: flags.trainable,
    learningRateGrid: flags.grid,
    acceptWorse: flags.acceptWorse,
  });
  if (!parsed.success) {
    throw new FaultlineError('invalid_input', parsed.error.issues.map((i) => `${FLAG[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`).join('; '));
  }
  await withProject(folder, {}, async (client) => {
    const run = await runJob(client, 'finetune', () => client.call('finetune.run', parsed.data), { label: 'Fine-tuning', unit: 'steps' });
    process.stdout.write(flags.json ? `${JSON.stringify(run, null, 2)}\n` : summary(run));
  });
}
