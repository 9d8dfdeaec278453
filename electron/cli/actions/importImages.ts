import { resolve } from 'node:path';
import type { Client } from '../../../shared/client/createClient.js';
import { ImageSplit } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { describeImportRetry } from '../../../shared/contract/jobResults.js';
import { allPages, eachItem, runJob, withProject } from '../cliCore.js';

export interface ImportFlags {
  split: string;
  masks?: string;
  maxPixels: number;
  keepIdentity?: boolean;
  retainDates?: boolean;
  cleanDescriptors?: boolean;
  json?: boolean;
}

/** A run's failures, a page at a time. */
function runFailures(client: Client, runId: string) {
  return (offset: number, limit: number) => client.call('images.importFailures', { runId, offset, limit });
}

export async function importImages(projectFolder: string, folder: string, flags: ImportFlags): Promise<void> {
  const split = ImageSplit.safeParse(flags.split);
  if (!split.success) throw new FaultlineError('invalid_input', `--split must be pool, train or test (got ${flags.split}).`);
  await withProject(projectFolder, {}, async (client) => {
    const request = {
      folder: resolve(folder),
      split: split.data,
      ...(flags.masks ? { masksFolder: resolve(flags.masks) } : {}),
      maxPixels: flags.maxPixels,
      dicom: { deidentify: !flags.keepIdentity, retainLongitudinal: flags.retainDates === true, cleanDescriptors: flags.cleanDescriptors === true },
    };
    const summary = await runJob(client, 'images.import', () => client.call('images.import', request), { label: 'Importing' });
    if (summary.state === 'cancelled') process.exitCode = 130;
    if (flags.json) {
      const failures = await allPages(runFailures(client, summary.runId));
      process.stdout.write(`${JSON.stringify({ ...summary, failures }, null, 2)}\n`);
      return;
    }
    const out: string[] = [
      `${summary.state === 'cancelled' ? 'Import cancelled (run the command again to finish; done files are skipped)' : 'Import finished'}: ${summary.processed} of ${summary.found} files into ${split.data}.`,
      `${summary.imported} imported, ${summary.duplicates} skipped as duplicates, ${summary.failed} failed.`,
    ];
    if (summary.masksFolder) out.push(`Masks: ${summary.masksStored} stored, ${summary.maskFailures} failed.`);
    if (summary.burnedIn > 0) {
      out.push(`${summary.burnedIn} DICOM frame${summary.burnedIn === 1 ? '' : 's'} may carry burned-in text (names, dates) in the pixels, which de-identification does not remove: review them before sharing.`);
    }
    const retry = describeImportRetry(summary);
    if (retry) out.push(retry);
    process.stdout.write(`${out.join('\n')}\n`);
    if (summary.failed + summary.maskFailures > 0) {
      process.stdout.write('Failures:\n');
      for await (const f of eachItem(runFailures(client, summary.runId))) {
        process.stdout.write(`  ${f.relPath}${f.kind === 'mask' ? ' (mask)' : ''}: ${f.reason}\n`);
      }
    }
  });
}
