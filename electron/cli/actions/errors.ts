import { CATEGORY_INFO, ERROR_CATEGORIES, MODEL_ERROR_CATEGORIES } from '../../../shared/errors/errorCategories.js';
import { categoryShares } from '../../../shared/errors/errorMix.js';
import { runJob, withProject } from '../cliCore.js';

const percent = (v: number) => `${(v * 100).toFixed(1)} %`;

export async function errors(folder: string, flags: { model?: number; set?: string; json?: boolean }): Promise<void> {
  await withProject(folder, {}, async (client) => {
    const request = { ...(flags.model ? { modelIds: [flags.model] } : {}), ...(flags.set ? { sets: [flags.set] } : {}) };
    const summaries = await runJob(client, 'errors', () => client.call('errors.run', request), { label: 'Classifying errors' });
    const done = new Set(summaries.map((s) => s.runId));
    const overview = await client.call('errors.overview');
    const runs = overview.runs.filter((r) => done.has(r.runId));
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ sets: overview.sets, models: overview.models, runs }, null, 2)}\n`);
      return;
    }
    const name = (id: number) => {
      const m = overview.models.find((x) => x.id === id);
      return m ? `${m.name} ${m.version}` : `model ${id}`;
    };
    const lines: string[] = [];
    for (const run of runs) {
      lines.push(`${name(run.modelId)} on ${run.setName}: ${run.images} images classified` + (run.unpredicted ? `, ${run.unpredicted} without a prediction` : '') + (run.unlabelled ? `, ${run.unlabelled} without a reference` : ''));
      const byPixels = categoryShares(run.totals, 'pixels');
      const byRegions = categoryShares(run.totals, 'regions');
      lines.push(`  ${'category'.padEnd(30)}${'regions'.padStart(9)}${'pixels'.padStart(11)}${'of errors (px)'.padStart(16)}${'(regions)'.padStart(11)}`);
      for (const c of ERROR_CATEGORIES) {
        const t = run.totals[c];
        if (t.regions === 0) continue;
        const error = MODEL_ERROR_CATEGORIES.includes(c);
        lines.push(
          `  ${CATEGORY_INFO[c].label.padEnd(30)}${String(t.regions).padStart(9)}${String(t.pixels).padStart(11)}${(error ? percent(byPixels[c]) : '').padStart(16)}${(error ? percent(byRegions[c]) : '').padStart(11)}`.trimEnd(),
        );
      }
      if (run.note) lines.push(`  ${run.note}`);
      lines.push('');
    }
    process.stdout.write(`${lines.join('\n')}`);
  });
}
