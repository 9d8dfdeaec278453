import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { encode as encodePng } from 'fast-png';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importImages } from '../../../electron/core/images/importImages.js';
import { maskPathFor } from '../../../electron/core/images/readSourceFiles.js';
import { resolveImportRequest } from '../../../electron/core/images/importRequest.js';
import { inflateLabelMap } from '../../../electron/core/store/labelMapBlob.js';
import { makeGreyMask, makeIndexedMask, makeJpeg, makePng, makeRotatedJpeg, noise, patternLabels, writeFile } from './imageCorpus.js';
import { bySource, failures, testContext, workspace, type Workspace } from './importHelpers.js';

function groundTruth(ws: Workspace): Map<string, { mask: Buffer; source: string }> {
  const rows = ws.project.db
    .prepare('SELECT i.source_path, g.mask, g.source FROM ground_truth g JOIN images i ON i.id = g.image_id')
    .all() as Array<{ source_path: string; mask: Buffer; source: string }>;
  return new Map(rows.map((r) => [r.source_path, { mask: r.mask, source: r.source }]));
}

describe('ground-truth masks on import', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = workspace();
  });
  afterEach(() => ws.cleanup());

  it('maps an image path to its mask path under the masks folder', () => {
    expect(maskPathFor('a/b/c.jpg')).toBe('a/b/c.png');
    expect(maskPathFor('c.tiff')).toBe('c.png');
    expect(maskPathFor('dir.v2/c')).toBe('dir.v2/c');
  });

  it('stores indexed (VOC) and grey masks as deflated class ids, 255 kept as void', async () => {
    const labels = patternLabels(40, 30);
    writeFile(ws.source, 'a/b/c.jpg', await makeJpeg(40, 30, 1));
    writeFile(ws.masks, 'a/b/c.png', makeIndexedMask(40, 30, labels));
    writeFile(ws.source, 'd.png', await makePng(40, 30, 2));
    writeFile(ws.masks, 'd.png', makeGreyMask(40, 30, labels));

    const summary = await ws.run({ split: 'train', masks: true });

    expect(summary).toMatchObject({ imported: 2, masksStored: 2, maskFailures: 0 });
    const truth = groundTruth(ws);
    for (const rel of ['a/b/c.jpg', 'd.png']) {
      const stored = truth.get(rel)!;
      expect(stored.source).toBe(`import:${rel}`);
      expect([...inflateLabelMap(stored.mask, 40, 30, 'mask')]).toEqual([...labels]);
      expect([...inflateSync(stored.mask)]).toEqual([...labels]);
    }
    expect(bySource(ws.project).get('d.png')!.split).toBe('train');
  });

  it('accepts a mask sized like the image after EXIF orientation', async () => {
    writeFile(ws.source, 'rotated.jpg', await makeRotatedJpeg(40, 30, 1));
    writeFile(ws.masks, 'rotated.png', makeGreyMask(30, 40, patternLabels(30, 40)));
    const summary = await ws.run({ split: 'test', masks: true });
    expect(summary).toMatchObject({ imported: 1, masksStored: 1, maskFailures: 0 });
  });

  it('imports the image but records the mask failure for a wrong size, a missing mask, an RGB mask and a 16-bit mask', async () => {
    writeFile(ws.source, 'small.jpg', await makeJpeg(40, 30, 1));
    writeFile(ws.masks, 'small.png', makeGreyMask(41, 30, new Uint8Array(41 * 30)));
    writeFile(ws.source, 'alone.jpg', await makeJpeg(40, 30, 2));
    writeFile(ws.source, 'colour.jpg', await makeJpeg(40, 30, 3));
    writeFile(ws.masks, 'colour.png', encodePng({ width: 40, height: 30, data: noise(40, 30, 3, 9), depth: 8, channels: 3 }));
    writeFile(ws.source, 'deep.jpg', await makeJpeg(40, 30, 4));
    writeFile(ws.masks, 'deep.png', encodePng({ width: 40, height: 30, data: new Uint16Array(40 * 30), depth: 16, channels: 1 }));
    writeFile(ws.source, 'garbage.jpg', await makeJpeg(40, 30, 5));
    writeFile(ws.masks, 'garbage.png', 'not a png');

    const summary = await ws.run({ split: 'train', masks: true });

    expect(summary).toMatchObject({ imported: 5, failed: 0, masksStored: 0, maskFailures: 5 });
    const got = failures(ws.project);
    expect(got.get('mask:small.jpg')).toEqual({ kind: 'mask', code: 'mask_size', reason: 'The mask is 41×30 but the image is 40×30 (after EXIF orientation); they must match.' });
    expect(got.get('mask:alone.jpg')).toEqual({ kind: 'mask', code: 'mask_missing', reason: 'No mask at alone.png in the masks folder.' });
    expect(got.get('mask:colour.jpg')).toMatchObject({ code: 'mask_invalid', reason: expect.stringMatching(/^The mask is an RGB colour image/) });
    expect(got.get('mask:deep.jpg')).toMatchObject({ code: 'mask_invalid', reason: expect.stringMatching(/^The mask is a 16-bit PNG/) });
    expect(got.get('mask:garbage.jpg')).toMatchObject({ code: 'mask_invalid', reason: expect.stringMatching(/^The mask is not a readable PNG/) });
    expect(groundTruth(ws).size).toBe(0);
  });

  it('does not import the masks themselves when the masks folder lies inside the image folder', async () => {
    writeFile(ws.source, 'images/a.png', await makePng(40, 30, 1));
    writeFile(ws.source, 'labels/images/a.png', makeGreyMask(40, 30, patternLabels(40, 30)));
    const request = resolveImportRequest(ws.project.dir, { folder: ws.source, split: 'train', masksFolder: join(ws.source, 'labels') });
    const summary = await importImages(ws.project, request, testContext());
    expect(summary).toMatchObject({ found: 1, imported: 1, masksStored: 1 });
    expect([...bySource(ws.project).keys()]).toEqual(['images/a.png']);
  });

  it('adds masks to images imported earlier without them, and clears the mask failure', async () => {
    writeFile(ws.source, 'a.jpg', await makeJpeg(40, 30, 1));
    const first = await ws.run({ split: 'train', masks: true });
    expect(first).toMatchObject({ imported: 1, maskFailures: 1 });

    writeFile(ws.masks, 'a.png', makeIndexedMask(40, 30, patternLabels(40, 30)));
    const second = await ws.run({ split: 'train', masks: true });

    expect(second).toMatchObject({ imported: 0, duplicates: 1, masksStored: 1, maskFailures: 0 });
    expect(groundTruth(ws).has('a.jpg')).toBe(true);
    expect(failures(ws.project).size).toBe(0);
  });
});
