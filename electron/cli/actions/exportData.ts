import { resolve } from 'node:path';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { ExportFormat } from '../../../shared/contract/jobResults.js';
import { runJob, withProject } from '../cliCore.js';

const FORMATS: readonly ExportFormat[] = ExportFormat.options;

export async function exportData(folder: string, flags: { format: string; out: string }): Promise<void> {
  if (!FORMATS.includes(flags.format as ExportFormat)) {
    throw new FaultlineError('invalid_input', `--format must be one of ${FORMATS.join(', ')} (got ${flags.format}).`);
  }
  await withProject(folder, { readOnly: true }, async (client) => {
    const request = { format: flags.format as ExportFormat, out: resolve(flags.out) };
    const written = await runJob(client, 'export', () => client.call('export.run', request), { label: 'Exporting' });
    process.stdout.write(
      `Exported ${written.splits.map((s) => `${s.name} (${s.images})`).join(', ')} as ${written.format} to ${written.out}\n`,
    );
  });
}

export async function exportTritonRepository(folder: string, dir: string, flags: { json?: boolean }): Promise<void> {
  await withProject(folder, { readOnly: true }, async (client) => {
    const written = await client.call('models.exportTriton', { dir: resolve(dir) });
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(written, null, 2)}\n`);
      return;
    }
    const lines = [
      ...written.models.map((m) => `  ${m.tritonName}  ${m.name} ${m.version} (model ${m.modelId})  ${m.folder}`),
      ...written.skipped.map((m) => `  left out: ${m.name} ${m.version} (model ${m.modelId}): ${m.reason}`),
    ];
    process.stdout.write(
      `Wrote ${written.models.length} Triton model${written.models.length === 1 ? '' : 's'} to ${resolve(dir)}:\n${lines.join('\n')}\n` +
        `Serve them with: docker run --rm -p 8000:8000 -v ${resolve(dir)}:/models nvcr.io/nvidia/tritonserver:<yy.mm>-py3 tritonserver --model-repository=/models\n` +
        `then register each with: npx faultline models add-remote ${folder} http://HOST:8000 NAME\n`,
    );
  });
}
