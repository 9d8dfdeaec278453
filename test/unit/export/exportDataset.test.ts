import { decode as decodePng } from 'fast-png';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeRle } from '../../../shared/geometry/rle.js';
import { planExport, runExport, type ExportFormat } from '../../../electron/core/export/exportDataset.js';
import { createClient } from '../../../shared/client/createClient.js';
import { createCore, headlessHost } from '../../../electron/core/index.js';
import { importImages } from '../../../electron/core/images/importImages.js';
import { resolveImportRequest } from '../../../electron/core/images/importRequest.js';
import { inflateLabelMap } from '../../../electron/core/store/labelMapBlob.js';
import { createProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { upsertPerson } from '../../../electron/core/project/people.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { inProcessTransport } from '../../helpers/wsClientTransport.js';
import { runCli } from '../../helpers/runCliProcess.js';
import { seedClasses, seedImage } from '../../helpers/seedPredictions.js';

const W = 6;
const H = 4;

let temp: ReturnType<typeof makeTempDir>;
let project: ProjectDb;
const masks = new Map<number, Uint8Array>();

function pattern(seed: number): Uint8Array {
  return Uint8Array.from({ length: W * H }, (_, i) => (i === seed ? 255 : (i + seed) % 3));
}

beforeEach(async () => {
  temp = makeTempDir();
  project = createProjectDb(join(temp.dir, 'p'), 'export');
  const { db } = project;
  seedClasses(db, ['background', 'road', 'car']);
  mkdirSync(join(temp.dir, 'p', 'images'));
  masks.clear();
  const author = upsertPerson(db, 'Ada', ['annotator']).id;
  const now = new Date().toISOString();
  for (const [i, split] of (['train', 'train', 'test', 'pool', 'pool'] as const).entries()) {
    const hash = `h${i}`;
    await sharp({ create: { width: W, height: H, channels: 3, background: { r: i * 40, g: 100, b: 50 } } }).png().toFile(join(temp.dir, 'p', 'images', `${hash}.png`));
    const mask = pattern(i);
    const id = seedImage(db, { hash, split, width: W, height: H, ...(split !== 'pool' ? { mask } : {}) });
    masks.set(id, mask);
    if (i === 3) {
      // A counterexample with an accepted mask joins the training data.
      const round = Number(db.prepare("INSERT INTO rounds (idx, created_at) VALUES (1, ?)").run(now).lastInsertRowid);
      const s = Number(db.prepare("INSERT INTO test_sets (name, round_id, kind, created_at) VALUES ('S1', ?, 'counterexamples', ?)").run(round, now).lastInsertRowid);
      db.prepare('INSERT INTO test_set_images (test_set_id, image_id) VALUES (?, ?)').run(s, id);
      db.prepare(
        "INSERT INTO annotations (uid, image_id, author_id, version, status, source, mask, width, height, time_ms, created_at) VALUES ('u1', ?, ?, 1, 'accepted', 'scratch', ?, ?, ?, 0, ?)",
      ).run(id, author, deflateSync(mask), W, H, now);
    }
  }
  db.prepare("INSERT INTO test_sets (name, kind, created_at) VALUES ('T0', 'user', ?)").run(now);
  db.prepare("INSERT INTO test_set_images (test_set_id, image_id) SELECT t.id, i.id FROM test_sets t, images i WHERE t.name = 'T0' AND i.split = 'test'").run();
});
afterEach(() => {
  project.close();
  temp.cleanup();
});

const idOf = (stem: string) => Number(stem.replace(/\D/g, ''));
const exportDataset = (format: ExportFormat, out: string) => runExport(project.db, join(temp.dir, 'p'), planExport(project.db, format, out));

describe('export', () => {
  it('writes PASCAL VOC with indexed PNG masks and split lists that read back to the same masks', async () => {
    const out = join(temp.dir, 'voc');
    const written = await exportDataset('voc', out);
    expect(written.splits).toEqual([
      { name: 'train', images: 3 },
      { name: 'T0', images: 1 },
    ]);
    const train = readFileSync(join(out, 'ImageSets/Segmentation/train.txt'), 'utf8').trim().split('\n');
    expect(train).toHaveLength(3);
    for (const stem of [...train, 'img000003']) {
      const png = decodePng(readFileSync(join(out, 'SegmentationClass', `${stem}.png`)));
      expect(png.palette?.[255]).toEqual([224, 224, 192]);
      expect(Uint8Array.from(png.data)).toEqual(masks.get(idOf(stem)));
      expect(existsSync(join(out, 'JPEGImages', `${stem}.jpg`))).toBe(true);
    }
  });

  it('re-imports a VOC export into a new project with the same masks', async () => {
    const out = join(temp.dir, 'voc-again');
    await exportDataset('voc', out);
    const again = createProjectDb(join(temp.dir, 'again'), 'reimport');
    try {
      const ctx = { signal: new AbortController().signal, progress: () => undefined, throwIfCancelled: () => undefined };
      const request = resolveImportRequest(again.dir, { folder: join(out, 'JPEGImages'), split: 'train', masksFolder: join(out, 'SegmentationClass') });
      const summary = await importImages(again, request, ctx);
      expect(summary.imported).toBe(4);
      const rows = again.db.prepare('SELECT i.source_path, g.mask, i.width, i.height FROM images i JOIN ground_truth g ON g.image_id = i.id').all() as Array<{
        source_path: string;
        mask: Buffer;
        width: number;
        height: number;
      }>;
      expect(rows).toHaveLength(4);
      for (const r of rows) expect(inflateLabelMap(r.mask, r.width, r.height, 'mask')).toEqual(masks.get(idOf(r.source_path)));
    } finally {
      again.close();
    }
  });

  it('writes Cityscapes-style id PNGs that read back to the same masks', async () => {
    const out = join(temp.dir, 'cs');
    await exportDataset('cityscapes', out);
    for (const split of ['train', 'T0']) {
      for (const file of readdirSync(join(out, 'gtFine', split))) {
        const png = decodePng(readFileSync(join(out, 'gtFine', split, file)));
        expect(png.channels).toBe(1);
        expect(Uint8Array.from(png.data)).toEqual(masks.get(idOf(file.split('_')[0]!)));
      }
    }
  });

  it('writes COCO with compressed RLE per class that rebuilds the same masks', async () => {
    const out = join(temp.dir, 'coco');
    await exportDataset('coco', out);
    const train = JSON.parse(readFileSync(join(out, 'annotations/semantic_train.json'), 'utf8')) as {
      images: Array<{ id: number; width: number; height: number }>;
      annotations: Array<{ image_id: number; category_id: number; segmentation: { size: [number, number]; counts: string } }>;
    };
    expect(train.images).toHaveLength(3);
    for (const image of train.images) {
      const rebuilt = new Uint8Array(W * H).fill(255);
      for (const a of train.annotations.filter((x) => x.image_id === image.id)) {
        decodeRle(a.segmentation).forEach((v, i) => {
          if (v) rebuilt[i] = a.category_id;
        });
      }
      expect(rebuilt).toEqual(masks.get(image.id));
    }
  });

  it('refuses a non-empty folder and leaves no partial export behind', async () => {
    const out = join(temp.dir, 'busy');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'x');
    expect(() => planExport(project.db, 'voc', out)).toThrow(/not empty/);
    expect(readdirSync(temp.dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('clears what a killed export to the same folder left behind', async () => {
    const out = join(temp.dir, 'again');
    mkdirSync(join(temp.dir, '.again.partial-999999', 'JPEGImages'), { recursive: true });
    await exportDataset('voc', out);
    expect(readdirSync(temp.dir).filter((f) => f.includes('partial'))).toEqual([]);
    expect(existsSync(join(out, 'classes.json'))).toBe(true);
  });

  it('stops by name when an image file has gone from the project folder, and leaves nothing behind', async () => {
    rmSync(join(temp.dir, 'p', 'images', 'h2.png'));
    const out = join(temp.dir, 'gone');
    await expect(exportDataset('coco', out)).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('images/h2.png is missing from the project folder') });
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(temp.dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('refuses a non-empty folder and a project with nothing to export before any job exists', async () => {
    const busy = join(temp.dir, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'keep.txt'), 'x');
    project.close();
    const core = createCore({ host: headlessHost('in-process'), userDataDir: join(temp.dir, 'home') });
    try {
      const client = createClient(inProcessTransport(core));
      await client.call('project.open', { dir: join(temp.dir, 'p'), readOnly: true });
      await expect(client.call('export.run', { format: 'voc', out: busy })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/not empty/) });
      await client.call('project.create', { dir: join(temp.dir, 'empty') });
      await expect(client.call('export.run', { format: 'coco', out: join(temp.dir, 'nothing') })).rejects.toMatchObject({
        code: 'invalid_input',
        message: expect.stringMatching(/^Nothing to export/),
      });
      expect(await client.call('jobs.list')).toEqual([]);
      expect(existsSync(join(temp.dir, 'nothing'))).toBe(false);
      expect(readdirSync(temp.dir).filter((f) => f.includes('partial'))).toEqual([]);
    } finally {
      await core.dispose();
      project = createProjectDb(join(temp.dir, 'q'), 'cleanup');
    }
  });

  it('exports from the CLI', () => {
    project.close();
    const result = runCli(['export', join(temp.dir, 'p'), '--format', 'cityscapes', '--out', join(temp.dir, 'cli')]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/Exported train \(3\), T0 \(1\) as cityscapes/);
    project = createProjectDb(join(temp.dir, 'q'), 'cleanup');
  });
});
