import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { ImageSplit, ImportSummary } from '../../../shared/contract/domain.js';
import type { DicomImportOptions } from '../../../shared/dicom/frameRecord.js';
import { importImages, type ImportOptions } from '../../../electron/core/images/importImages.js';
import { resolveImportRequest } from '../../../electron/core/images/importRequest.js';
import type { JobContext } from '../../../electron/core/jobs/jobRunner.js';
import { createProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { makeTempDir } from '../../helpers/tempDir.js';

export interface TestContext extends JobContext {
  readonly controller: AbortController;
  readonly updates: Array<{ done: number; total: number | null }>;
}

/** A job context as the JobRunner gives one, with a hook to cancel from a progress report. */
export function testContext(onProgress?: (done: number, controller: AbortController) => void): TestContext {
  const controller = new AbortController();
  const updates: TestContext['updates'] = [];
  return {
    controller,
    updates,
    signal: controller.signal,
    progress(done, total) {
      updates.push({ done, total });
      onProgress?.(done, controller);
    },
    throwIfCancelled() {
      if (controller.signal.aborted) throw new FaultlineError('cancelled', 'cancelled');
    },
  };
}

export interface Workspace {
  root: string;
  source: string;
  masks: string;
  project: ProjectDb;
  run(options?: { split?: ImageSplit; masks?: boolean; maxPixels?: number; ctx?: JobContext; dicom?: Partial<DicomImportOptions> } & ImportOptions): Promise<ImportSummary>;
  cleanup(): void;
}

/** A temp folder with a fresh project, a source folder and a masks folder. */
export function workspace(): Workspace {
  const temp = makeTempDir('faultline-import-');
  const project = createProjectDb(join(temp.dir, 'project'), 'Import test');
  const source = join(temp.dir, 'source');
  const masks = join(temp.dir, 'masks');
  mkdirSync(source);
  mkdirSync(masks);
  return {
    root: temp.dir,
    source,
    masks,
    project,
    run({ split, masks: withMasks, maxPixels, ctx, dicom, ...options } = {}) {
      const request = resolveImportRequest(project.dir, { folder: source, split, masksFolder: withMasks ? masks : null, maxPixels, dicom });
      return importImages(project, request, ctx ?? testContext(), options);
    },
    cleanup() {
      project.close();
      temp.cleanup();
    },
  };
}

export interface StoredImage {
  id: number;
  content_hash: string;
  rel_path: string;
  source_path: string;
  width: number;
  height: number;
  split: string;
  thumbnail: Buffer;
}

export function storedImages(project: ProjectDb): StoredImage[] {
  return project.db.prepare('SELECT i.id, content_hash, rel_path, source_path, width, height, split, t.thumbnail FROM images i LEFT JOIN image_thumbnails t ON t.image_id = i.id ORDER BY source_path').all() as StoredImage[];
}

export function bySource(project: ProjectDb): Map<string, StoredImage> {
  return new Map(storedImages(project).map((r) => [r.source_path, r]));
}

export function failures(project: ProjectDb): Map<string, { code: string; reason: string; kind: string }> {
  const rows = project.db.prepare('SELECT rel_path, kind, code, reason FROM import_failures').all() as Array<{ rel_path: string; kind: string; code: string; reason: string }>;
  return new Map(rows.map((r) => [`${r.kind}:${r.rel_path}`, { code: r.code, reason: r.reason, kind: r.kind }]));
}
