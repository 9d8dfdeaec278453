import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LabelFormat } from '../../../shared/contract/methods/groundTruthMethods.js';
import { planExport, runExport, type ExportFormat } from '../../../electron/core/export/exportDataset.js';
import { importGroundTruth } from '../../../electron/core/groundTruth/importGroundTruth.js';
import { resolveTruthImport } from '../../../electron/core/groundTruth/truthRequest.js';
import { importImages } from '../../../electron/core/images/importImages.js';
import { resolveImportRequest } from '../../../electron/core/images/importRequest.js';
import { syncUserTestSet } from '../../../electron/core/store/labelledSets.js';
import { inflateLabelMap } from '../../../electron/core/store/labelMapBlob.js';
import { createProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { runCli } from '../../helpers/runCliProcess.js';
import { seedClasses, seedImage } from '../../helpers/seedPredictions.js';
import { makeTempDir } from '../../helpers/tempDir.js';

const W = 7;
const H = 5;
const CLASSES = ['background', 'road', 'car'];
const ctx = { signal: new AbortController().signal, progress: () => undefined, throwIfCancelled: () => undefined };

let temp: ReturnType<typeof makeTempDir>;
let source: ProjectDb;
const masks = new Map<number, Uint8Array>();

/** Every class, unlabelled pixels, holes and several regions per class, different per image. */
function pattern(seed: number): Uint8Array {
  return Uint8Array.from({ length: W * H }, (_, i) => (i % 11 === seed ? 255 : ((i * (seed + 1)) >> 2) % 3));
}

beforeEach(async () => {
  temp = makeTempDir();
  source = createProjectDb(join(temp.dir, 'p'), 'source');
  seedClasses(source.db, CLASSES);
  mkdirSync(join(temp.dir, 'p', 'images'));
  masks.clear();
  for (const [i, split] of (['train', 'train', 'test'] as const).entries()) {
    await sharp({ create: { width: W, height: H, channels: 3, background: { r: i * 60, g: 90, b: 30 } } }).png().toFile(join(temp.dir, 'p', 'images', `h${i}.png`));
    masks.set(seedImage(source.db, { hash: `h${i}`, split, width: W, height: H, mask: pattern(i) }), pattern(i));
  }
  // T0 as evaluation creates it, so the test image is exported too.
  syncUserTestSet(source.db);
});
afterEach(() => {
  source.close();
  temp.cleanup();
});

const idOf = (path: string) => Number(/img(\d+)/.exec(path)![1]);

/** A second project holding the exported images (unlabelled, in the pool), as a lab that receives the export would have. */
async function receivingProject(imagesFolder: string): Promise<ProjectDb> {
  const project = createProjectDb(join(temp.dir, 'again'), 'again');
  seedClasses(project.db, CLASSES);
  await importImages(project, resolveImportRequest(project.dir, { folder: imagesFolder, split: 'pool' }), ctx);
  return project;
}

function storedMasks(project: ProjectDb): Array<{ sourcePath: string; split: string; mask: Uint8Array }> {
  const rows = project.db.prepare('SELECT i.source_path, i.split, g.mask, i.width, i.height FROM images i JOIN ground_truth g ON g.image_id = i.id ORDER BY i.id').all() as Array<{
    source_path: string;
    split: string;
    mask: Buffer;
    width: number;
    height: number;
  }>;
  return rows.map((r) => ({ sourcePath: r.source_path, split: r.split, mask: inflateLabelMap(r.mask, r.width, r.height, 'mask') }));
}

const cases: Array<{ format: ExportFormat & LabelFormat; images: string; labels: string }> = [
  { format: 'voc', images: 'JPEGImages', labels: '' },
  { format: 'coco', images: 'images', labels: 'annotations' },
  { format: 'cityscapes', images: 'leftImg8bit', labels: 'gtFine' },
  { format: 'cvat', images: 'images', labels: 'annotations.xml' },
];

describe('export → import-labels gives the same masks', () => {
  for (const { format, images, labels } of cases) {
    it(`round-trips ${format}`, async () => {
      const out = join(temp.dir, `out-${format}`);
      await runExport(source.db, join(temp.dir, 'p'), planExport(source.db, format, out));
      const again = await receivingProject(join(out, images));
      try {
        const request = resolveTruthImport(again.db, { path: join(out, labels), format, split: 'train', replace: false });
        const result = await importGroundTruth(again.db, request, ctx);
        expect(result.counts).toEqual({ imported: 3, replaced: 0, kept: 0, refused: 0, unmatched: 0, ambiguous: 0 });
        expect(result.unknownClasses).toEqual([]);
        const stored = storedMasks(again);
        expect(stored).toHaveLength(3);
        for (const s of stored) {
          expect(s.mask).toEqual(masks.get(idOf(s.sourcePath)));
          expect(s.split).toBe('train');
        }
        // A second run keeps what is there unless asked to replace it.
        const rerun = await importGroundTruth(again.db, request, ctx);
        expect(rerun.counts.kept).toBe(3);
        const replaced = await importGroundTruth(again.db, { ...request, replace: true }, ctx);
        expect(replaced.counts.replaced).toBe(3);
        expect(storedMasks(again).map((s) => s.mask)).toEqual(stored.map((s) => s.mask));
      } finally {
        again.close();
      }
    });
  }
});

describe('faultline import-labels', () => {
  it('imports a COCO file by file name and reports unknown classes and unmatched images', async () => {
    const again = await receivingProject(join(temp.dir, 'p', 'images'));
    again.close();
    const coco = {
      images: [
        { id: 1, file_name: 'h0.png', width: W, height: H },
        { id: 2, file_name: 'missing.png', width: W, height: H },
      ],
      categories: [
        { id: 1, name: 'road' },
        { id: 2, name: 'tree' },
      ],
      annotations: [
        { id: 1, image_id: 1, category_id: 1, segmentation: [[0, 0, W, 0, W, H, 0, H]], iscrowd: 0 },
        { id: 2, image_id: 1, category_id: 2, segmentation: [[0, 0, 2, 0, 2, 1, 0, 1]], iscrowd: 0 },
        { id: 3, image_id: 2, category_id: 1, segmentation: [[0, 0, 1, 0, 1, 1]], iscrowd: 0 },
      ],
    };
    const file = join(temp.dir, 'labels.json');
    writeFileSync(file, JSON.stringify(coco));
    const text = runCli(['import-labels', join(temp.dir, 'again'), file, '--format', 'coco', '--split', 'test']);
    expect(text.stderr).toBe('');
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('1 imported, 0 replaced, 0 kept');
    expect(text.stdout).toContain('1 unmatched');
    expect(text.stdout).toContain('tree (2 px in 1 image)');
    expect(text.stdout).toContain('labels.json [missing.png]: unmatched: No project image');

    const json = runCli(['import-labels', join(temp.dir, 'again'), file, '--format', 'coco', '--replace', '--json']);
    expect(json.status).toBe(0);
    const report = JSON.parse(json.stdout) as { counts: Record<string, number>; items: Array<{ ref: string; outcome: string; imagePath: string | null }> };
    expect(report.counts).toMatchObject({ replaced: 1, unmatched: 1 });
    expect(report.items.map((i) => [i.ref, i.outcome, i.imagePath])).toEqual([
      ['h0.png', 'replaced', 'h0.png'],
      ['missing.png', 'unmatched', null],
    ]);
    const bad = runCli(['import-labels', join(temp.dir, 'again'), file, '--format', 'yolo']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('--format must be');
  }, 120_000);
});
