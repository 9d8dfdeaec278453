import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { ImageSplit } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { IndexNames, LabelFormat } from '../../../shared/contract/methods/groundTruthMethods.js';
import { ClassMapping } from '../../../shared/labels/formats/classMapping.js';
import { UNLABELLED } from '../../../shared/labels/unlabelled.js';
import { listClasses } from '../store/classes.js';
import type { Db } from '../store/openProjectDb.js';

export interface TruthImportInput {
  path: string;
  format: LabelFormat;
  split?: ImageSplit | undefined;
  replace: boolean;
  fillClass?: string | undefined;
  indexNames?: IndexNames | undefined;
}

/** A checked ground-truth import: the path exists and fits the format, the fill class is the project's. */
export interface TruthImportRequest {
  path: string;
  isFolder: boolean;
  format: LabelFormat;
  split: ImageSplit | null;
  replace: boolean;
  /** Class id of pixels no shape covers (UNLABELLED unless a fill class was named). */
  fill: number;
  indexNames: IndexNames | null;
  classes: ClassMapping;
  /** Project class id → name, for PNG values named by the project's ids. */
  classNames: Map<number, string>;
}

const PNG_FORMATS: ReadonlySet<LabelFormat> = new Set(['cityscapes', 'voc']);

/** Checks an import before its job starts, so a wrong path or class is answered at once. */
export function resolveTruthImport(db: Db, input: TruthImportInput): TruthImportRequest {
  if (!isAbsolute(input.path)) throw new FaultlineError('invalid_input', `Give the full path of the labels (got "${input.path}").`);
  let isFolder: boolean;
  try {
    isFolder = statSync(input.path).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new FaultlineError('not_found', `There is no file or folder ${input.path}.`);
    throw new FaultlineError('invalid_input', `${input.path} cannot be read (${code ?? (error as Error).message}).`);
  }
  if (PNG_FORMATS.has(input.format) && !isFolder) {
    throw new FaultlineError('invalid_input', `${input.path} is a file; ${input.format} labels are a folder of PNGs: give the folder.`);
  }
  const projectClasses = listClasses(db);
  if (projectClasses.length === 0) throw new FaultlineError('invalid_input', 'The project has no classes yet; set them before importing labels, which are mapped to them by name.');
  const classes = new ClassMapping(projectClasses);
  let fill = UNLABELLED;
  if (input.fillClass !== undefined) {
    const found = classes.lookup(input.fillClass);
    if (!found.known) throw new FaultlineError('invalid_input', `There is no class "${input.fillClass}" in the project (its classes: ${projectClasses.map((c) => c.name).join(', ')}).`);
    fill = found.id;
  }
  return {
    path: input.path,
    isFolder,
    format: input.format,
    split: input.split ?? null,
    replace: input.replace,
    fill,
    indexNames: input.indexNames ?? null,
    classes,
    classNames: new Map(projectClasses.map((c) => [c.id, c.name])),
  };
}
