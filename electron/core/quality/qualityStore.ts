import { deflateLabelMap } from '../store/labelMapBlob.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { Db } from '../store/openProjectDb.js';
import {
  issuePairs,
  qualityImagePage,
  qualityImageResult,
  qualityRunById,
  type IssueRow,
  type QualityImageEntry,
  type QualityImageFilter,
  type QualityImageRow,
  type StoredImageResult,
  type StoredQualityRun,
} from '../store/qualityRuns.js';
import type { ImageFlags } from './scoreMapGrid.js';


export function imageRow(imageId: number, score: number, labelRef: string, flags: ImageFlags): QualityImageRow {
  return { imageId, score, labelRef, issues: flags.issues, flagged: flags.issues === 0 ? null : deflateLabelMap(flags.mask), pairs: flags.pairs };
}

export function requireRun(db: Db, runId: number): StoredQualityRun {
  const run = qualityRunById(db, runId);
  if (!run) throw new FaultlineError('not_found', `There is no label-quality run ${runId}.`);
  return run;
}

/** A page of a run's images, lowest score (most likely mislabelled) first. */
export function imagePage(db: Db, runId: number, filter: QualityImageFilter, offset: number, limit: number): { total: number; items: QualityImageEntry[] } {
  requireRun(db, runId);
  return qualityImagePage(db, runId, filter, offset, limit);
}

export function imageResult(db: Db, runId: number, imageId: number): StoredImageResult {
  const result = qualityImageResult(db, runId, imageId);
  if (!result) throw new FaultlineError('not_found', `Image ${imageId} is not part of label-quality run ${runId}.`);
  return result;
}

export function commonIssueRows(db: Db, runId: number, classId: number | undefined, top: number): IssueRow[] {
  requireRun(db, runId);
  return issuePairs(db, runId, classId, top);
}
