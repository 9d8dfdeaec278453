import type { GroundTruthImportResult, TruthImportItem, TruthOutcome } from '../../../shared/contract/methods/groundTruthMethods.js';
import { isFaultlineError } from '../../../shared/contract/errors.js';
import type { UnknownClass } from '../../../shared/labels/formats/classMapping.js';
import { ImageMatcher } from '../../../shared/labels/formats/matchImages.js';
import { UNLABELLED } from '../../../shared/labels/unlabelled.js';
import type { JobContext } from '../jobs/jobRunner.js';
import { BatchWriter } from '../store/batchWriter.js';
import { setsHoldingImage, truthTargets, writeGroundTruth, type TruthTarget, type TruthWrite } from '../store/groundTruth.js';
import { deflateLabelMap } from '../store/labelMapBlob.js';
import { syncUserTestSet } from '../store/labelledSets.js';
import type { Db } from '../store/openProjectDb.js';
import { USER_TEST_SET, testSetIdNamed } from '../store/testSets.js';
import { readLabelFiles, type CandidateItem } from './readLabelFiles.js';
import type { TruthImportRequest } from './truthRequest.js';

export interface TruthImportOptions {
  /** Images per transaction. */
  batchSize?: number;
}

/**
 * Imports ground truth from label files: each image a file describes is matched to a project
 * image by the path it was imported from, rendered in project class ids and stored (one
 * transaction per batch). Nothing is dropped without a word: every image gets a report line,
 * imported, kept (it had ground truth and `replace` was not asked), refused (with why),
 * unmatched or ambiguous, and classes the project lacks are listed with their pixels.
 */
export async function importGroundTruth(db: Db, request: TruthImportRequest, ctx: JobContext, options: TruthImportOptions = {}): Promise<GroundTruthImportResult> {
  const targets = new Map(truthTargets(db).map((t) => [t.id, t]));
  const matcher = new ImageMatcher([...targets.values()]);
  const setsOf = setsHoldingImage(db);
  const writer = new BatchWriter<TruthWrite>(db, (items) => writeGroundTruth(db, items), { batchSize: options.batchSize ?? 100 });
  const items: TruthImportItem[] = [];
  const fileErrors: GroundTruthImportResult['fileErrors'] = [];
  const unknownTotals = new Map<string, UnknownClass & { images: number }>();
  /** Images given labels in this run, with the label that gave them. */
  const given = new Map<number, string>();
  let files = 0;
  let cancelled = false;

  const report = (file: string, ref: string, outcome: TruthOutcome, fields: Partial<TruthImportItem> = {}): void => {
    items.push({ file, ref, outcome, imageId: null, imagePath: null, reason: null, unknown: [], notes: [], ...fields });
  };

  const take = async (file: string, item: CandidateItem): Promise<void> => {
    if (item.kind === 'refusal') return report(file, item.ref, 'refused', { reason: item.reason });
    const match = matcher.match(item.ref);
    if (match.kind === 'unmatched') return report(file, item.ref, 'unmatched', { reason: 'No project image was imported from a file of this name.' });
    if (match.kind === 'ambiguous') {
      const paths = match.candidates.map((c) => c.sourcePath);
      return report(file, item.ref, 'ambiguous', { reason: `Several project images fit this name (${paths.slice(0, 5).join(', ')}${paths.length > 5 ? ', …' : ''}); name it by its path.` });
    }
    const image = targets.get(match.image.id)!;
    const at = { imageId: image.id, imagePath: image.sourcePath };
    const refusal = whyNot(image, item, given.get(image.id));
    if (refusal) return report(file, item.ref, refusal.outcome, { ...at, reason: refusal.reason });
    let rendered;
    try {
      rendered = await item.render({ width: image.width!, height: image.height! });
    } catch (error) {
      if (isFaultlineError(error) && error.code === 'cancelled') throw error;
      return report(file, item.ref, 'refused', { ...at, reason: (error as { reason?: string }).reason ?? (error as Error).message });
    }
    const { labels, unknown, notes } = rendered;
    for (const u of unknown) {
      const total = unknownTotals.get(u.name) ?? { name: u.name, instances: 0, pixels: 0, images: 0 };
      total.instances += u.instances;
      total.pixels += u.pixels;
      total.images++;
      unknownTotals.set(u.name, total);
    }
    if (labels.every((v) => v === UNLABELLED)) {
      return report(file, item.ref, 'refused', { ...at, unknown, notes, reason: 'No pixel has a class of the project, so there is nothing to store.' });
    }
    given.set(image.id, item.ref);
    writer.add({ imageId: image.id, mask: deflateLabelMap(labels), source: `${request.format}:${file}`, split: request.split, replace: request.replace });
    report(file, item.ref, image.hasTruth ? 'replaced' : 'imported', { ...at, unknown, notes });
  };

  const whyNot = (image: TruthTarget, item: CandidateItem & { kind: 'candidate' }, earlier: string | undefined): { outcome: TruthOutcome; reason: string } | null => {
    if (earlier !== undefined) return { outcome: 'refused', reason: `The image already got labels from "${earlier}" in this import.` };
    if (image.hasTruth && !request.replace) return { outcome: 'kept', reason: 'The image already has ground truth; import with replace to overwrite it.' };
    if (image.width === null || image.height === null) return { outcome: 'refused', reason: 'The size of the project image is not known.' };
    if (item.size && (item.size.width !== image.width || item.size.height !== image.height)) {
      const turned = item.size.width === image.height && item.size.height === image.width ? ' (turned: the labels may predate EXIF rotation)' : '';
      return { outcome: 'refused', reason: `The labels are for a ${item.size.width}×${item.size.height} image; the project image is ${image.width}×${image.height}${turned}.` };
    }
    const sets = request.split && request.split !== image.split ? setsOf(image.id) : [];
    if (sets.length > 0) return { outcome: 'refused', reason: `It belongs to ${sets.join(', ')}, so it stays in ${image.split} and no label was stored.` };
    return null;
  };

  try {
    for await (const labelFile of readLabelFiles(request)) {
      ctx.throwIfCancelled();
      files++;
      if ('error' in labelFile) fileErrors.push({ file: labelFile.file, reason: labelFile.error });
      else {
        for (const item of labelFile.items) {
          ctx.throwIfCancelled();
          await take(labelFile.file, item);
          ctx.progress(items.length, null, `${items.length} labelled images read from ${files} file${files === 1 ? '' : 's'}`);
        }
      }
    }
  } catch (error) {
    if (!(isFaultlineError(error) && error.code === 'cancelled')) {
      writer.flush();
      throw error;
    }
    cancelled = true;
  }
  writer.flush();
  if (testSetIdNamed(db, USER_TEST_SET, 'user') !== undefined) syncUserTestSet(db);
  const count = (outcome: TruthOutcome) => items.filter((i) => i.outcome === outcome).length;
  return {
    format: request.format,
    path: request.path,
    split: request.split,
    replace: request.replace,
    files,
    counts: { imported: count('imported'), replaced: count('replaced'), kept: count('kept'), refused: count('refused'), unmatched: count('unmatched'), ambiguous: count('ambiguous') },
    fileErrors,
    unknownClasses: [...unknownTotals.values()].sort((a, b) => b.pixels - a.pixels || a.name.localeCompare(b.name)),
    items,
    cancelled,
  };
}
