import { createHash, randomUUID } from 'node:crypto';
import type { ImportSummary } from '../../../shared/contract/domain.js';
import { isFaultlineError } from '../../../shared/contract/errors.js';
import type { JobContext } from '../jobs/jobRunner.js';
import { BatchWriter } from '../store/batchWriter.js';
import type { ProjectDb } from '../store/openProjectDb.js';
import { importStore, type ImportWrite, type WriteOutcome } from '../store/images.js';
import { forEachBounded } from './boundedPool.js';
import { isRetryable, retryReason } from './errorClass.js';
import { THUMBNAIL_SIZE, decodeImage, type DecodeOptions, type DecodedImage } from './decodeImage.js';
import { STORED_EXTENSION } from './imageFormats.js';
import { ImportFailureError, isImportFailure } from './importFailure.js';
import { newImportSummary, type ImportRequest } from './importRequest.js';
import { DICOM_VALUES_EXTENSION, placeImageFile, removeLeftoverTempFiles } from './placeImageFile.js';
import { readImageFile, readMaskFile } from './readSourceFiles.js';
import { walkImageFiles, type WalkEntry } from './walkImageFiles.js';
import { dicomFrameImages } from './dicom/dicomFrames.js';
import { hashFile } from './dicom/readDicomFile.js';
import { dicomUidKey } from '../store/dicomFrames.js';

export interface ImportOptions {
  /** Live counts, updated as the run goes (the app's import status reads it). */
  summary?: ImportSummary;
  /** Files decoded at once. */
  concurrency?: number;
  /** Rows per transaction. */
  batchSize?: number;
  thumbnailSize?: number;
  /** The decoder; tests wrap it to watch what is in flight. */
  decode?: (bytes: Buffer, options: DecodeOptions) => Promise<DecodedImage>;
}

function isCancelled(error: unknown): boolean {
  return isFaultlineError(error) && error.code === 'cancelled';
}

/** One line of counts, as progress messages show them. */
export function describeImportCounts(s: ImportSummary): string {
  const parts = [`${s.imported} imported`, `${s.duplicates} duplicate${s.duplicates === 1 ? '' : 's'}`, `${s.failed} failed`];
  if (s.retryable > 0) parts.push(`${s.retryable} to retry`);
  if (s.masksFolder) parts.push(`masks: ${s.masksStored} stored, ${s.maskFailures} failed`);
  if (s.burnedIn > 0) parts.push(`${s.burnedIn} DICOM frame${s.burnedIn === 1 ? '' : 's'} to review for burned-in text`);
  return parts.join(' · ');
}

/**
 * Imports the images under a folder into a project. The folder is streamed (never listed whole),
 * at most `concurrency` files are read and decoded at once, and rows are written in batched
 * transactions, so memory stays flat for 100 000 files. Each file is hashed (sha256 of its bytes):
 * one already in the project is skipped as a duplicate, so a re-run, or a run after a cancel,
 * only adds what is missing. A bad file never stops the run: it gets an import_failures record
 * with the reason. A file that cannot be read for a retryable reason (it vanished, a lock, too
 * many open files: see classifyError) gets no record: it is counted in `retryable`, the run ends
 * `incomplete`, and the next run of the same folder tries it again. Labelled splits read a mask
 * per image from `masksFolder/<same path>.png`.
 * Cancelling stops taking files, keeps every finished one, and resolves with state 'cancelled'.
 */
export async function importImages(project: ProjectDb, request: ImportRequest, ctx: JobContext, options: ImportOptions = {}): Promise<ImportSummary> {
  const summary = options.summary ?? newImportSummary(request, randomUUID());
  const decode = options.decode ?? decodeImage;
  const decodeOptions: DecodeOptions = { maxPixels: request.maxPixels, thumbnailSize: options.thumbnailSize ?? THUMBNAIL_SIZE };
  const store = importStore(project.db, request.folder, summary.runId);
  /** Hashes read in this run and not yet committed: a twin met meanwhile is a duplicate. */
  const uncommitted = new Set<string>();
  let outcome: WriteOutcome | null = null;
  const writer = new BatchWriter<ImportWrite>(
    project.db,
    (items) => {
      outcome = store.write(items);
    },
    {
      batchSize: options.batchSize ?? 200,
      afterCommit: (items) => {
        for (const item of items) if (item.type === 'image') uncommitted.delete(item.hash);
        if (!outcome) return;
        summary.imported += outcome.imported;
        summary.duplicates += outcome.duplicates;
        summary.failed += outcome.failed;
        summary.masksStored += outcome.masksStored;
        summary.maskFailures += outcome.maskFailures;
        summary.burnedIn += outcome.burnedIn;
        outcome = null;
      },
    },
  );

  const skipped = new Set([project.dir, request.masksFolder].filter((p): p is string => p !== null));
  const walkOptions = { skipDir: (path: string) => skipped.has(path) };
  let walked = 0;

  const report = (): void => {
    const total = summary.walkDone ? Math.max(summary.found, summary.processed) : null;
    const found = summary.walkDone ? '' : ` · ${summary.found} found so far`;
    ctx.progress(summary.processed, total, `${describeImportCounts(summary)}${found}`);
  };

  await removeLeftoverTempFiles(project.dir);

  // A second, count-only walk runs alongside, so progress has a total long before the import ends.
  const counter = new AbortController();
  const counting = (async () => {
    let found = 0;
    for await (const entry of walkImageFiles(request.folder, walkOptions)) {
      if (counter.signal.aborted) return;
      if (entry.kind === 'file') summary.found = Math.max(summary.found, ++found);
    }
    summary.walkDone = true;
  })().catch(() => undefined);

  const fail = (sourcePath: string, kind: 'image' | 'mask', error: ImportFailureError): void => {
    writer.add({ type: 'failure', sourcePath, kind, code: error.code, reason: error.reason });
  };

  /** A file left for the next run: no record, only a count and the first reason. */
  const retryLater = (relPath: string, error: unknown): void => {
    summary.retryable++;
    summary.incomplete = true;
    summary.retryReason ??= `${relPath}: ${retryReason(error)}`;
  };

  /** The stored mask, or null after recording why there is none (a later run adds a mask left for it). */
  const readMask = async (relPath: string, size: { width: number; height: number }): Promise<Buffer | null> => {
    try {
      return await readMaskFile(request.masksFolder!, relPath, size);
    } catch (error) {
      if (isImportFailure(error)) fail(relPath, 'mask', error);
      else if (isRetryable(error)) retryLater(relPath, error);
      else throw error;
      return null;
    }
  };

  let uidKey: Buffer | null = null;
  /**
   * A DICOM file becomes one image per frame, read and stored one frame at a time. Its frames
   * take their place in a series (sourcePath `<study>/<series>/<instance>#<frame>`, de-identified
   * UIDs unless de-identification is off) rather than the file's path, which often names the patient.
   * Masks are not read for DICOM files (ground truth comes back as DICOM SEG, not PNG).
   */
  const importDicom = async (entry: WalkEntry & { kind: 'file' }): Promise<void> => {
    uidKey ??= dicomUidKey(project.db);
    const fileHash = await hashFile(entry.path);
    const options = { ...request.dicom, uidKey, maxPixels: request.maxPixels, thumbnailSize: decodeOptions.thumbnailSize };
    for await (const frame of dicomFrameImages(entry.path, fileHash, options)) {
      ctx.throwIfCancelled();
      if (store.findByHash(frame.hash) || uncommitted.has(frame.hash)) {
        summary.duplicates++;
        continue;
      }
      uncommitted.add(frame.hash);
      try {
        const relPath = await placeImageFile(project.dir, frame.png, frame.hash, 'png');
        const values = frame.values && { relPath: await placeImageFile(project.dir, frame.values.bytes, frame.hash, DICOM_VALUES_EXTENSION), ...frame.values.packing };
        writer.add({
          type: 'image',
          hash: frame.hash,
          relPath,
          sourcePath: frame.sourcePath,
          sourceFile: entry.relPath,
          width: frame.width,
          height: frame.height,
          split: request.split,
          thumbnail: frame.thumbnail,
          mask: null,
          dicom: values ? { ...frame.record, header: { ...frame.record.header, values } } : frame.record,
        });
      } catch (error) {
        uncommitted.delete(frame.hash);
        throw error;
      }
    }
  };

  const importFile = async (entry: WalkEntry & { kind: 'file' }): Promise<void> => {
    if (entry.dicom) return importDicom(entry);
    const bytes = await readImageFile(entry.path);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const existing = store.findByHash(hash);
    if (existing || uncommitted.has(hash)) {
      summary.duplicates++;
      // Masks given for images imported earlier without ground truth are added to them.
      if (existing && request.masksFolder && !existing.hasLabel && existing.width && existing.height) {
        const mask = await readMask(entry.relPath, { width: existing.width, height: existing.height });
        if (mask) writer.add({ type: 'mask', imageId: existing.id, sourcePath: entry.relPath, mask });
      }
      return;
    }
    uncommitted.add(hash);
    let queued = false;
    try {
      ctx.throwIfCancelled();
      const decoded = await decode(bytes, decodeOptions);
      const mask = request.masksFolder ? await readMask(entry.relPath, decoded) : null;
      const relPath = await placeImageFile(project.dir, bytes, hash, STORED_EXTENSION[decoded.format]);
      writer.add({
        type: 'image',
        hash,
        relPath,
        sourcePath: entry.relPath,
        width: decoded.width,
        height: decoded.height,
        split: request.split,
        thumbnail: decoded.thumbnail,
        mask,
      });
      queued = true;
    } finally {
      if (!queued) uncommitted.delete(hash);
    }
  };

  const processEntry = async (entry: WalkEntry): Promise<void> => {
    ctx.throwIfCancelled();
    if (entry.kind === 'unreadable') {
      if (isRetryable(entry.error)) retryLater(entry.relPath, entry.error);
      else fail(entry.relPath, 'image', new ImportFailureError('unreadable', `The folder cannot be read (${entry.reason}).`));
      return;
    }
    walked++;
    try {
      await importFile(entry);
    } catch (error) {
      if (isImportFailure(error)) fail(entry.relPath, 'image', error);
      else if (isRetryable(error)) retryLater(entry.relPath, error);
      else throw error;
    }
    summary.processed++;
    report();
  };

  let cancelled = false;
  let fatal: { error: unknown } | null = null;
  try {
    await forEachBounded(walkImageFiles(request.folder, walkOptions), options.concurrency ?? 3, processEntry, ctx.signal);
    cancelled = ctx.signal.aborted;
  } catch (error) {
    if (isCancelled(error) || ctx.signal.aborted) cancelled = true;
    else fatal = { error };
  }
  counter.abort();
  // Whatever finished is committed, also when the run was cancelled or hit a fatal error.
  try {
    writer.flush();
  } catch (error) {
    fatal ??= { error };
  }
  await counting;
  if (fatal) throw fatal.error;
  if (!cancelled) {
    summary.found = walked;
    summary.walkDone = true;
  } else {
    summary.found = Math.max(summary.found, walked);
  }
  summary.state = cancelled ? 'cancelled' : 'done';
  report();
  return summary;
}
