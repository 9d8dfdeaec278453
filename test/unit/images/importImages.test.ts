import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importImages } from '../../../electron/core/images/importImages.js';
import { resolveImportRequest } from '../../../electron/core/images/importRequest.js';
import { createProjectDb } from '../../../electron/core/store/openProjectDb.js';
import {
  makeAnimatedGif,
  makeBadCrcPng,
  makeBmp,
  makeCmykJpeg,
  makeGif,
  makeGreyPng,
  makeHugeHeaderPng,
  makeJpeg,
  makePng,
  makePng16,
  makeRotatedJpeg,
  makeTiff,
  makeTruncatedJpeg,
  makeWebp,
  writeFile,
} from './imageCorpus.js';
import { encodeBmp } from './bmpFixture.js';
import { bySource, failures, storedImages, testContext, workspace, type Workspace } from './importHelpers.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('image import', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = workspace();
  });
  afterEach(() => ws.cleanup());

  it('imports every accepted format from nested folders, ignoring other and hidden files', async () => {
    const files: Record<string, Uint8Array> = {
      'a.jpg': await makeJpeg(40, 30, 1),
      'nested/b.png': await makePng(40, 30, 2),
      'nested/deeper/c.webp': await makeWebp(40, 30, 3),
      'd.tiff': await makeTiff(40, 30, 4),
      'e.bmp': makeBmp(40, 30, 5),
      'f.gif': await makeGif(40, 30, 6),
      'G.JPEG': await makeJpeg(40, 30, 7),
    };
    for (const [rel, bytes] of Object.entries(files)) writeFile(ws.source, rel, bytes);
    writeFile(ws.source, 'notes.txt', 'not an image and not looked at');
    writeFile(ws.source, '.cache/h.jpg', await makeJpeg(40, 30, 8));

    const summary = await ws.run();

    expect(summary).toMatchObject({ state: 'done', found: 7, walkDone: true, processed: 7, imported: 7, duplicates: 0, failed: 0 });
    const rows = bySource(ws.project);
    expect([...rows.keys()].sort()).toEqual(Object.keys(files).sort());
    const ext = { 'a.jpg': 'jpg', 'nested/b.png': 'png', 'nested/deeper/c.webp': 'webp', 'd.tiff': 'tif', 'e.bmp': 'bmp', 'f.gif': 'gif', 'G.JPEG': 'jpg' };
    for (const [rel, bytes] of Object.entries(files)) {
      const row = rows.get(rel)!;
      const hash = sha256(bytes);
      expect(row).toMatchObject({ content_hash: hash, width: 40, height: 30, split: 'pool' });
      expect(row.rel_path).toBe(`images/${hash.slice(0, 2)}/${hash}.${ext[rel as keyof typeof ext]}`);
      expect(readFileSync(join(ws.project.dir, row.rel_path)).equals(Buffer.from(bytes))).toBe(true);
      const thumb = await sharp(row.thumbnail).metadata();
      expect([thumb.format, thumb.width, thumb.height]).toEqual(['webp', 40, 30]);
    }
  });

  it('makes thumbnails of at most 192 px on the long side', async () => {
    writeFile(ws.source, 'big.png', await makePng(480, 360, 1));
    await ws.run();
    const thumb = await sharp(storedImages(ws.project)[0]!.thumbnail).metadata();
    expect([thumb.width, thumb.height]).toEqual([192, 144]);
  });

  it('skips duplicates by content, within a run and on a re-run', async () => {
    const bytes = await makeJpeg(40, 30, 1);
    writeFile(ws.source, 'one.jpg', bytes);
    writeFile(ws.source, 'copy/one-again.jpg', bytes);
    writeFile(ws.source, 'two.png', await makePng(40, 30, 2));

    const first = await ws.run();
    expect(first).toMatchObject({ processed: 3, imported: 2, duplicates: 1, failed: 0 });

    const second = await ws.run();
    expect(second).toMatchObject({ processed: 3, imported: 0, duplicates: 3, failed: 0 });
    expect(storedImages(ws.project)).toHaveLength(2);
  });

  it('applies EXIF orientation: a 40×30 JPEG tagged "rotate 90°" is recorded 30×40, thumbnail too', async () => {
    writeFile(ws.source, 'rotated.jpg', await makeRotatedJpeg(40, 30, 1));
    await ws.run();
    const [row] = storedImages(ws.project);
    expect([row!.width, row!.height]).toEqual([30, 40]);
    const thumb = await sharp(row!.thumbnail).metadata();
    expect([thumb.width, thumb.height]).toEqual([30, 40]);
  });

  it('decodes CMYK JPEG, 16-bit PNG and grey PNG into 8-bit sRGB thumbnails', async () => {
    writeFile(ws.source, 'cmyk.jpg', await makeCmykJpeg(40, 30, 1));
    writeFile(ws.source, 'deep.png', await makePng16(40, 30, 2));
    writeFile(ws.source, 'grey.png', makeGreyPng(40, 30, 3));
    const summary = await ws.run();
    expect(summary).toMatchObject({ imported: 3, failed: 0 });
    for (const row of storedImages(ws.project)) {
      const { info } = await sharp(row.thumbnail).raw().toBuffer({ resolveWithObject: true });
      expect([row.source_path, info.channels, info.width, info.height]).toEqual([row.source_path, 3, 40, 30]);
    }
  });

  it('records every kind of bad file with its reason and goes on with the rest', async () => {
    writeFile(ws.source, 'good.jpg', await makeJpeg(40, 30, 1));
    writeFile(ws.source, 'bad/empty.jpg', new Uint8Array(0));
    writeFile(ws.source, 'bad/truncated.jpg', await makeTruncatedJpeg(64, 64, 2));
    writeFile(ws.source, 'bad/checksum.png', await makeBadCrcPng(40, 30, 3));
    writeFile(ws.source, 'bad/text.jpg', 'Just some text that pretends to be a JPEG.');
    writeFile(ws.source, 'bad/bomb.png', await makeHugeHeaderPng(50_000, 50_000));
    writeFile(ws.source, 'bad/animated.gif', await makeAnimatedGif(20, 10));
    writeFile(ws.source, 'bad/rle.bmp', encodeBmp({ width: 2, height: 1, bitsPerPixel: 8, compression: 1, palette: [[0, 0, 0]], pixels: [0, 0] }));

    const summary = await ws.run();

    expect(summary).toMatchObject({ state: 'done', processed: 8, imported: 1, failed: 7 });
    const got = failures(ws.project);
    const expected: Record<string, [string, RegExp]> = {
      'bad/empty.jpg': ['empty', /^The file is empty \(0 bytes\)\.$/],
      'bad/truncated.jpg': ['corrupt', /^The JPEG file is damaged or truncated and cannot be decoded/i],
      'bad/checksum.png': ['corrupt', /^The PNG file is damaged or truncated/],
      'bad/text.jpg': ['not_an_image', /^Not an image: the content is not JPEG, PNG, WebP, TIFF, BMP or GIF/],
      'bad/bomb.png': ['too_many_pixels', /^The image is 50000×50000 \(2500 MP\), above the limit of 100 MP; it was not decoded/],
      'bad/animated.gif': ['unsupported', /^This is an animated GIF \(3 frames\); Faultline imports still images only/],
      'bad/rle.bmp': ['unsupported', /^BMP variant not supported \(RLE8-compressed\)\.$/],
    };
    expect([...got.keys()].sort()).toEqual(Object.keys(expected).map((k) => `image:${k}`).sort());
    for (const [rel, [code, reason]] of Object.entries(expected)) {
      const failure = got.get(`image:${rel}`)!;
      expect(failure.code, rel).toBe(code);
      expect(failure.reason, rel).toMatch(reason);
    }
    expect(existsSync(join(ws.project.dir, 'images'))).toBe(true);
    expect(storedImages(ws.project).map((r) => r.source_path)).toEqual(['good.jpg']);
  });

  it('checks the pixel limit it is given', async () => {
    writeFile(ws.source, 'small.png', await makePng(40, 30, 1));
    writeFile(ws.source, 'large.png', await makePng(50, 30, 2));
    const summary = await ws.run({ maxPixels: 1200 });
    expect(summary).toMatchObject({ imported: 1, failed: 1 });
    expect(failures(ws.project).get('image:large.png')?.reason).toMatch(/^The image is 50×30 \(0.0 MP\), above the limit/);
  });

  it('updates a failure on a re-run instead of repeating it, and clears it once the file imports', async () => {
    writeFile(ws.source, 'later.jpg', 'not yet an image');
    await ws.run();
    await ws.run();
    expect(failures(ws.project).size).toBe(1);
    writeFile(ws.source, 'later.jpg', await makeJpeg(40, 30, 1));
    const summary = await ws.run();
    expect(summary).toMatchObject({ imported: 1, failed: 0 });
    expect(failures(ws.project).size).toBe(0);
  });

  it('never walks into the project folder when the project lies inside the imported folder', async () => {
    writeFile(ws.source, 'a.jpg', await makeJpeg(40, 30, 1));
    const inside = createProjectDb(join(ws.source, 'project'), 'Inside');
    try {
      const request = resolveImportRequest(inside.dir, { folder: ws.source });
      const first = await importImages(inside, request, testContext());
      const second = await importImages(inside, request, testContext());
      expect([first.found, first.imported, second.found, second.duplicates]).toEqual([1, 1, 1, 1]);
    } finally {
      inside.close();
    }
  });

  it('refuses a missing folder, a file, a relative path, a folder inside the project and masks for the pool', () => {
    const file = writeFile(ws.root, 'file.jpg', 'x');
    const check = (input: Parameters<typeof resolveImportRequest>[1]) => {
      try {
        resolveImportRequest(ws.project.dir, input);
      } catch (error) {
        return { code: (error as { code: string }).code, message: (error as Error).message };
      }
      return null;
    };
    expect(check({ folder: join(ws.root, 'nowhere') })).toEqual({ code: 'not_found', message: `There is no image folder ${join(ws.root, 'nowhere')}.` });
    expect(check({ folder: file })).toMatchObject({ code: 'invalid_input', message: `${file} is a file, not a folder; give the image folder.` });
    expect(check({ folder: 'relative/folder' })).toMatchObject({ code: 'invalid_input', message: 'Give the full path of the image folder (got "relative/folder").' });
    expect(check({ folder: join(ws.project.dir, 'images') })).toMatchObject({ code: 'not_found' });
    expect(check({ folder: ws.project.dir })).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/is inside the project folder/) });
    writeFile(ws.source, 'a.jpg', 'x');
    writeFile(ws.masks, 'a.png', 'x');
    expect(check({ folder: ws.source, masksFolder: ws.masks, split: 'pool' })).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^Masks come with a labelled split/) });
    expect(check({ folder: ws.source, masksFolder: join(ws.root, 'no-masks'), split: 'train' })).toMatchObject({ code: 'not_found' });
    expect(check({ folder: ws.source, masksFolder: ws.masks, split: 'train' })).toBeNull();
  });
});
