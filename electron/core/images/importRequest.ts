import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import type { ImageSplit, ImportSummary } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { DEFAULT_MAX_PIXELS } from '../../../shared/images/imageLimits.js';
import { DicomImportOptions } from '../../../shared/dicom/frameRecord.js';

export interface ImportInput {
  folder: string;
  split?: ImageSplit | undefined;
  masksFolder?: string | null | undefined;
  maxPixels?: number | undefined;
  dicom?: Partial<DicomImportOptions> | undefined;
}

/** A checked import: absolute folders that exist, a split that fits the masks. */
export interface ImportRequest {
  folder: string;
  split: ImageSplit;
  masksFolder: string | null;
  maxPixels: number;
  /** De-identification of DICOM files (on unless turned off). */
  dicom: DicomImportOptions;
}

function checkFolder(path: string, what: string): string {
  if (!isAbsolute(path)) throw new FaultlineError('invalid_input', `Give the full path of the ${what} (got "${path}").`);
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new FaultlineError('not_found', `There is no ${what} ${path}.`);
    throw new FaultlineError('invalid_input', `The ${what} ${path} cannot be read (${code ?? (error as Error).message}).`);
  }
  if (!isDir) throw new FaultlineError('invalid_input', `${path} is a file, not a folder; give the ${what}.`);
  return path;
}

function realOrSame(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

export function isInsideFolder(path: string, folder: string): boolean {
  const rel = relative(realOrSame(folder), realOrSame(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Checks an import before its job starts, so a wrong path is answered at once with a clear message. */
export function resolveImportRequest(projectDir: string, input: ImportInput): ImportRequest {
  const folder = checkFolder(input.folder, 'image folder');
  const masksFolder = input.masksFolder ? checkFolder(input.masksFolder, 'masks folder') : null;
  const split = input.split ?? 'pool';
  if (masksFolder && split === 'pool') {
    throw new FaultlineError('invalid_input', 'Masks come with a labelled split: import them with split train or test. Pool images stay unlabelled.');
  }
  if (isInsideFolder(folder, projectDir)) {
    throw new FaultlineError('invalid_input', `${folder} is inside the project folder; import images from a folder outside the project.`);
  }
  const maxPixels = input.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (!Number.isInteger(maxPixels) || maxPixels < 1) throw new FaultlineError('invalid_input', `The pixel limit must be a whole number above 0 (got ${maxPixels}).`);
  return { folder, split, masksFolder, maxPixels, dicom: DicomImportOptions.parse(input.dicom ?? {}) };
}

export function newImportSummary(request: ImportRequest, runId: string): ImportSummary {
  return {
    runId,
    state: 'running',
    error: null,
    folder: request.folder,
    split: request.split,
    masksFolder: request.masksFolder,
    found: 0,
    walkDone: false,
    processed: 0,
    imported: 0,
    duplicates: 0,
    failed: 0,
    masksStored: 0,
    maskFailures: 0,
    retryable: 0,
    retryReason: null,
    incomplete: false,
    burnedIn: 0,
  };
}
