import { resolve } from 'node:path';
import { ImageSplit } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { IndexNames, LabelFormat, type GroundTruthImportResult } from '../../../shared/contract/methods/groundTruthMethods.js';
import { runJob, withProject } from '../cliCore.js';

export interface LabelFlags {
  format: string;
  split?: string;
  replace?: boolean;
  fill?: string;
  indexNames?: string;
  json?: boolean;
}

/** Refusals and file errors shown without --json; the rest is in the JSON report. */
const SHOWN = 10;

function parseFlag<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, value: string | undefined, flag: string, allowed: string): T | undefined {
  if (value === undefined) return undefined;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new FaultlineError('invalid_input', `${flag} must be ${allowed} (got ${value}).`);
  return parsed.data;
}

function describe(r: GroundTruthImportResult): string[] {
  const c = r.counts;
  const out = [
    `${r.cancelled ? 'Label import cancelled' : 'Labels imported'} from ${r.files} ${r.format} file${r.files === 1 ? '' : 's'}${r.split ? ` into ${r.split}` : ''}:`,
    `${c.imported} imported, ${c.replaced} replaced, ${c.kept} kept (already labelled${r.replace ? '' : '; --replace overwrites'}), ${c.refused} refused, ${c.unmatched} unmatched, ${c.ambiguous} ambiguous.`,
  ];
  if (r.unknownClasses.length > 0) {
    out.push(`Classes the project lacks (left unlabelled): ${r.unknownClasses.map((u) => `${u.name} (${u.pixels} px in ${u.images} image${u.images === 1 ? '' : 's'})`).join(', ')}.`);
  }
  for (const e of r.fileErrors.slice(0, SHOWN)) out.push(`  ${e.file}: ${e.reason}`);
  const problems = r.items.filter((i) => i.outcome === 'refused' || i.outcome === 'unmatched' || i.outcome === 'ambiguous');
  for (const i of problems.slice(0, SHOWN)) out.push(`  ${i.file}${i.ref !== i.file ? ` [${i.ref}]` : ''}: ${i.outcome}: ${i.reason}`);
  if (problems.length + r.fileErrors.length > 2 * SHOWN || problems.length > SHOWN) out.push('  … (--json lists every image)');
  return out;
}

export async function importLabels(projectFolder: string, labels: string, flags: LabelFlags): Promise<void> {
  const format = parseFlag(LabelFormat, flags.format, '--format', LabelFormat.options.join(', '))!;
  const split = parseFlag(ImageSplit, flags.split, '--split', 'pool, train or test');
  const indexNames = parseFlag(IndexNames, flags.indexNames, '--index-names', 'project, voc or cityscapes');
  await withProject(projectFolder, {}, async (client) => {
    const request = {
      path: resolve(labels),
      format,
      replace: flags.replace ?? false,
      ...(split ? { split } : {}),
      ...(flags.fill ? { fillClass: flags.fill } : {}),
      ...(indexNames ? { indexNames } : {}),
    };
    const result = await runJob(client, 'groundTruth.import', () => client.call('groundTruth.import', request), { label: 'Importing labels' });
    if (result.cancelled) process.exitCode = 130;
    process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : `${describe(result).join('\n')}\n`);
  });
}
