import type { ProviderRequest } from '../../../shared/contract/domain.js';
import { describeInferenceRetry, type InferenceResult } from '../../../shared/contract/jobResults.js';
import { providerLabel } from '../../core/index.js';
import { runJob, withProject } from '../cliCore.js';

export interface InferFlags {
  models?: number[];
  provider: ProviderRequest;
  storeProbs?: boolean;
  retryFailed?: boolean;
  workers?: number;
  batch?: number;
  json?: boolean;
}

function describeStart(info: InferenceResult['models'][number]): string {
  const fallbacks = info.fallbacks.map((f) => `\n  ${providerLabel(f.provider)} not used: ${f.reason}`).join('');
  return `${info.name} ${info.version}: ${info.pending} images on ${providerLabel(info.provider)} (${info.workers} workers × ${info.threads} threads, batch ${info.batchSize})${fallbacks}\n`;
}

function describeSummary(summary: InferenceResult): string {
  if (summary.models.length === 0) return 'Nothing to do: every image already has a prediction of the chosen models.\n';
  const lines = summary.models.map(
    (m) =>
      `${m.name} ${m.version} on ${providerLabel(m.provider)}: ${m.processed} images (${m.failed} failed${m.retryable > 0 ? `, ${m.retryable} left for the next run` : ''}) in ${m.seconds.toFixed(1)} s, ` +
      `${(m.processed / Math.max(m.seconds, 1e-3)).toFixed(1)} images/s`,
  );
  lines.push(`Total: ${summary.processed} images, ${summary.failed} failed, ${summary.seconds.toFixed(1)} s.`);
  if (summary.failed > 0) lines.push('Images that failed have an error record; fix them and run again with --retry-failed.');
  const retry = describeInferenceRetry(summary);
  if (retry) lines.push(retry);
  if (summary.cancelled) lines.push('Cancelled: what finished is stored; run the same command again to continue.');
  return `${lines.join('\n')}\n`;
}

export async function infer(folder: string, flags: InferFlags): Promise<void> {
  await withProject(folder, {}, async (client) => {
    const input = {
      modelIds: flags.models,
      provider: flags.provider,
      storeProbs: flags.storeProbs ?? false,
      retryFailed: flags.retryFailed ?? false,
      workers: flags.workers,
      batchSize: flags.batch,
    };
    const summary = await runJob(client, 'inference', () => client.call('inference.run', input), { label: 'Inference' });
    // The job reports how each model runs in its result: said on stderr, as the progress was.
    if (!flags.json) for (const model of summary.models) process.stderr.write(describeStart(model));
    process.stdout.write(flags.json ? `${JSON.stringify(summary, null, 2)}\n` : describeSummary(summary));
    if (summary.cancelled) process.exitCode = 130;
  });
}
