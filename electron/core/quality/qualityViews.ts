import type { CommonIssue, QualityRun } from '../../../shared/contract/methods/qualityMethods.js';
import type { MaskPayload } from '../../../shared/contract/domain.js';
import { maskPayload } from '../annotations/maskCodec.js';
import { deflateLabelMap } from '../store/labelMapBlob.js';
import type { Db } from '../store/openProjectDb.js';
import { listClasses } from '../store/classes.js';
import { qualityLabel } from './qualityLabels.js';
import { listQualityRuns, type StoredQualityRun } from '../store/qualityRuns.js';
import { commonIssueRows, imageResult } from './qualityStore.js';
import { skippedWarnings } from './runLabelQuality.js';

/** Contract forms of the stored runs (the renderer and the CLI read these). */

export function runView(run: StoredQualityRun): QualityRun {
  return {
    id: run.id,
    setName: run.setName,
    modelId: run.modelId,
    modelName: run.modelName,
    modelVersion: run.modelVersion,
    source: run.source,
    workingWidth: run.options.workingWidth,
    workingHeight: run.options.workingHeight,
    images: run.images,
    flaggedImages: run.flaggedImages,
    numIssuesEstimate: run.numIssuesEstimate,
    thresholds: run.thresholds,
    skipped: run.skipped,
    warnings: skippedWarnings(run.setName, run.images + run.skipped.noProbabilities + run.skipped.failed, run.skipped, {
      id: run.modelId,
      name: run.modelName,
      version: run.modelVersion,
    }),
    seconds: run.seconds,
    createdAt: run.createdAt,
  };
}

export function runViews(db: Db): QualityRun[] {
  return listQualityRuns(db).map(runView);
}

export function imageMasks(
  db: Db,
  runId: number,
  imageId: number,
): { imageId: number; score: number; issues: number; labelChanged: boolean; flagged: MaskPayload; label: MaskPayload | null } {
  const stored = imageResult(db, runId, imageId);
  const label = qualityLabel(db, imageId);
  const flagged = stored.flagged ?? deflateLabelMap(new Uint8Array(stored.width * stored.height));
  return {
    imageId,
    score: stored.score,
    issues: stored.issues,
    labelChanged: label?.ref !== stored.labelRef,
    flagged: maskPayload(flagged, stored.width, stored.height),
    label: label === null ? null : maskPayload(deflateLabelMap(label.mask), label.width, label.height),
  };
}

export function commonIssues(db: Db, runId: number, classId: number | undefined, top: number): CommonIssue[] {
  const names = new Map(listClasses(db).map((c) => [c.id, c.name]));
  const name = (id: number) => names.get(id) ?? `class ${id}`;
  return commonIssueRows(db, runId, classId, top).map((row) => ({ ...row, givenName: name(row.given), predictedName: name(row.predicted) }));
}
