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
