import type { ProviderRequest } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { CommonIssue, QualityImage, QualityRun } from '../../../shared/contract/methods/qualityMethods.js';
import { imageDisplayName } from '../../../shared/images/displayName.js';
import { runJob, withProject } from '../cliCore.js';

const WORST_SHOWN = 10;
const ISSUES_SHOWN = 10;

export interface QualityFlags {
  set: string;
  model?: number;
  source: 'auto' | 'stored' | 'fresh';
  provider: ProviderRequest;
  json?: boolean;
}

function describe(run: QualityRun, worst: QualityImage[], issues: CommonIssue[]): string {
  const lines = [
    `Run ${run.id}: ${run.images} image${run.images === 1 ? '' : 's'} of ${run.setName} scored with ${run.modelName} ${run.modelVersion} ` +
      `(${run.source === 'stored' ? `stored probabilities, ${run.workingWidth}×${run.workingHeight} score map` : 'fresh probabilities, full resolution'}) in ${run.seconds.toFixed(1)} s.`,
    `${run.flaggedImages === 1 ? '1 image has' : `${run.flaggedImages} images have`} flagged pixels; confident learning estimates ${run.numIssuesEstimate} mislabelled ${run.source === 'stored' ? 'score-map ' : ''}pixels.`,
    '',
    'Worst images (lowest score first):',
  ];
  lines.push(`  ${'score'.padStart(7)}  ${'flagged px'.padStart(10)}  ${'image'.padStart(6)}  path`);
  for (const w of worst) lines.push(`  ${w.score.toFixed(4).padStart(7)}  ${String(w.issues).padStart(10)}  ${String(w.imageId).padStart(6)}  ${imageDisplayName(w)}`);
  lines.push('', issues.length === 0 ? 'No flagged pixels.' : 'Common label issues (given → predicted):');
  for (const i of issues) lines.push(`  ${`${i.givenName} → ${i.predictedName}`.padEnd(32)} ${String(i.pixels).padStart(9)} px in ${i.images} image${i.images === 1 ? '' : 's'}`);
  if (run.warnings.length > 0) lines.push('', ...run.warnings.map((w) => `Note: ${w}`));
  return `${lines.join('\n')}\n`;
}

export async function quality(folder: string, flags: QualityFlags): Promise<void> {
  await withProject(folder, {}, async (client) => {
    const request = { set: flags.set, modelId: flags.model, source: flags.source, provider: flags.provider };
    const outcome = await runJob(client, 'label-quality', () => client.call('quality.run', request), { label: 'Label quality' });
    const run = (await client.call('quality.runs')).find((r) => r.id === outcome.runId);
    if (run === undefined) throw new FaultlineError('not_found', `There is no label-quality run ${outcome.runId}.`);
    const { items: worst } = await client.call('quality.images', { runId: run.id, offset: 0, limit: WORST_SHOWN });
    const issues = await client.call('quality.commonIssues', { runId: run.id, top: ISSUES_SHOWN });
    process.stdout.write(flags.json ? `${JSON.stringify({ run, worst, commonIssues: issues }, null, 2)}\n` : describe(run, worst, issues));
  });
}
