import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { T } from '../../electron/core/images/dicom/dicomTags.js';
import { makeDicom, type SyntheticImage } from '../unit/dicom/dicomCorpus.js';
import { expect, test } from './serverFixture.js';
import { createProject } from './steps.js';

interface J2kEncoder {
  getDecodedBuffer(info: { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean; isUsingColorTransform: boolean }): Uint8Array;
  setQuality(lossless: boolean, step: number): void;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  delete(): void;
}

/** A JPEG 2000 Lossless codestream of one 16-bit frame, by OpenJPEG (the encoder of the codec package). */
async function j2k(values: readonly number[], columns: number, rows: number): Promise<Uint8Array> {
  const require = createRequire(import.meta.url);
  const path = require.resolve('@cornerstonejs/codec-openjpeg/wasmjs');
  const silent = (): void => undefined;
  const codec = await (require(path) as (o: object) => Promise<{ J2KEncoder: new () => J2kEncoder }>)({ locateFile: (f: string) => join(dirname(path), f), print: silent, printErr: silent });
  const encoder = new codec.J2KEncoder();
  const pixels = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => pixels.writeInt16LE(v, 2 * i));
  encoder.getDecodedBuffer({ width: columns, height: rows, bitsPerSample: 12, componentCount: 1, isSigned: true, isUsingColorTransform: false }).set(pixels);
  encoder.setQuality(true, 0);
  encoder.encode();
  const out = encoder.getEncodedBuffer().slice();
  encoder.delete();
  return out;
}

/**
 * A CT-like series of four slices in four compressed syntaxes (a disc of water in air, HU −1000…0
 * through a soft-tissue window), the way PACS exports mix them, and a fifth slice whose JPEG 2000
 * fragment was cut short.
 */
async function writeSeries(folder: string): Promise<void> {
  mkdirSync(folder, { recursive: true });
  const size = 48;
  const slice = (n: number): SyntheticImage => ({
    rows: size,
    columns: size,
    values: Array.from({ length: size * size }, (_, i) => (Math.hypot((i % size) - 24, Math.floor(i / size) - 24) < 10 + n ? 0 : -1000)),
    bitsStored: 12,
    signed: true,
    rescale: { slope: 1, intercept: 0 },
    windows: [{ center: 40, width: 400, name: 'SOFT TISSUE' }],
    studyUid: '1.2.826.0.1.3680043.2.1143.500',
    seriesUid: '1.2.826.0.1.3680043.2.1143.501',
    sopInstanceUid: `1.2.826.0.1.3680043.2.1143.502.${n}`,
  });
  const viaDcmtk = (n: number, tool: string, args: string[]): void => {
    const plain = join(folder, `plain${n}`);
    writeFileSync(plain, makeDicom(slice(n)));
    execFileSync(tool, [...args, plain, join(folder, `IM000${n}`)]);
    rmSync(plain);
  };
  viaDcmtk(1, 'dcmcjpeg', ['+e1']);
  viaDcmtk(2, 'dcmcjpls', ['+el']);
  viaDcmtk(3, 'dcmcjpeg', ['+el']);
  const j2kSlice = (n: number, cut: number) => async () => {
    const img = slice(n);
    const stream = await j2k(img.values, size, size);
    writeFileSync(join(folder, `IM000${n}`), makeDicom({ ...img, values: [], syntax: '1.2.840.10008.1.2.4.90', pixelData: { tag: T.PixelData, vr: 'OB', value: { fragments: [stream.subarray(0, stream.length - cut)] } } }));
  };
  await j2kSlice(4, 0)();
  await j2kSlice(5, 10)();
}

test('imports a compressed DICOM series from the Pool view and refuses the slice with a truncated fragment, naming its syntax', async ({ page, served }) => {
  const folder = join(served.temp, 'pacs-export', 'CT');
  await writeSeries(folder);

  await page.goto(served.url);
  await createProject(page, join(served.temp, 'ct-project'));
  const form = page.getByTestId('import-form');
  await form.getByLabel('Image folder').fill(join(served.temp, 'pacs-export'));
  await form.getByRole('button', { name: 'Import' }).click();

  await expect(page.getByTestId('import-result')).toHaveText('Import finished: 4 imported · 0 skipped as duplicates · 1 failed.', { timeout: 60_000 });
  await expect(page.getByTestId('stat-images')).toHaveText('4');
  const failures = page.getByTestId('import-failures');
  await expect(failures.getByTestId('failure-row')).toHaveCount(1);
  await expect(failures.getByRole('row', { name: /IM0005/ })).toContainText("A JPEG 2000 Lossless frame of the DICOM file cannot be decoded (frame 1's codestream has no end marker)");

  // Each slice shows the water disc white and the air black through the soft-tissue window.
  const grid = page.getByTestId('thumb-grid');
  await expect(grid.locator('img')).toHaveCount(4);
  for (const img of await grid.locator('img').all()) {
    const [centre, corner] = await img.evaluate((el: HTMLImageElement) => {
      const canvas = document.createElement('canvas');
      canvas.width = el.naturalWidth;
      canvas.height = el.naturalHeight;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(el, 0, 0);
      const at = (x: number, y: number) => ctx.getImageData(x, y, 1, 1).data[0]!;
      return [at(canvas.width / 2, canvas.height / 2), at(1, 1)];
    });
    // HU 0 in a window of 40 ± 200 is just under mid-grey (102); HU −1000 is black (thumbnails are lossy WebP).
    expect(Math.abs(centre! - 102)).toBeLessThanOrEqual(3);
    expect(corner).toBeLessThanOrEqual(3);
  }
});
