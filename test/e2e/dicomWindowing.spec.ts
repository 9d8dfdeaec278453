import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { createClient, type Client } from '../../shared/client/createClient.js';
import type { EditorProbe } from '../../renderer/src/editor/testProbe.js';
import { T } from '../../electron/core/images/dicom/dicomTags.js';
import { packValues, valuePacking } from '../../shared/dicom/window.js';
import { projectDbPath } from '../../electron/core/store/projectFiles.js';
import { seedProject } from '../helpers/seedProject.js';
import { seedRatingProject } from '../helpers/seedRatingProject.js';
import { connectWsTransport } from '../helpers/wsClientTransport.js';
import { makeDicom } from '../unit/dicom/dicomCorpus.js';
import { expect, test } from './serverFixture.js';
import { expectOverlayAligned, openProject, startRating } from './steps.js';

const N = 32;
const FOR = '1.2.826.0.1.3680043.2.1143.950';
const CLASSES = [
  { id: 0, name: 'body', color: '#30a030' },
  { id: 1, name: 'bone', color: '#f0c000' },
];

type ProbeWindow = Window & { faultlineEditorProbe?: EditorProbe; __FAULTLINE_TEST_HOOKS__?: boolean };

/** Hounsfield units of one CT-like slice: air around a water-like body (40 HU) holding a bone block (1000 HU). */
function sliceHu(x: number, y: number): number {
  const inBody = (x - 16) ** 2 + (y - 16) ** 2 < 13 ** 2;
  if (!inBody) return -1000;
  return x >= 12 && x < 20 && y >= 12 && y < 20 ? 1000 : 40;
}

/** A 3-slice axial CT series with a soft-tissue window, 12-bit stored through a −1024 intercept. */
function writeSeries(folder: string): void {
  mkdirSync(folder, { recursive: true });
  const values = Array.from({ length: N * N }, (_, i) => sliceHu(i % N, Math.floor(i / N)) + 1024);
  for (const n of [0, 1, 2]) {
    const file = makeDicom({
      rows: N,
      columns: N,
      values,
      bitsStored: 12,
      rescale: { slope: 1, intercept: -1024 },
      windows: [{ center: 40, width: 400, name: 'SOFT TISSUE' }],
      studyUid: '1.2.826.0.1.3680043.2.1143.951',
      seriesUid: '1.2.826.0.1.3680043.2.1143.952',
      sopInstanceUid: `1.2.826.0.1.3680043.2.1143.953.${n}`,
      extra: [
        { tag: T.ImagePositionPatient, vr: 'DS', value: ['-8', '-8', String(n * 2.5)] },
        { tag: T.ImageOrientationPatient, vr: 'DS', value: ['1', '0', '0', '0', '1', '0'] },
        { tag: T.PixelSpacing, vr: 'DS', value: ['0.5', '0.5'] },
        { tag: T.SliceThickness, vr: 'DS', value: '2.5' },
        { tag: T.FrameOfReferenceUID, vr: 'UI', value: FOR },
      ],
    });
    writeFileSync(join(folder, `IM000${n}`), file);
  }
}

async function contractClient(url: string): Promise<{ client: Client; close(): void }> {
  const { origin, searchParams } = new URL(url);
  const ws = await connectWsTransport(origin, searchParams.get('token')!);
  return { client: createClient(ws), close: () => ws.close() };
}

/**
 * The grey level the editor's image layer shows at image pixel (x, y), read back through a canvas.
 * Each window change swaps the layer's source, and a decode overtaken by the next swap fails with
 * an EncodingError: then the layer is read again, as it is after that swap.
 */
async function shownGrey(page: Page, x: number, y: number): Promise<number> {
  return page.evaluate(
    async ([px, py]) => {
      let img = document.querySelector<HTMLImageElement>('.mask-image')!;
      for (let attempt = 1; ; attempt++) {
        try {
          await img.decode();
          break;
        } catch (error) {
          if (attempt >= 20) throw error;
          await new Promise((resolve) => requestAnimationFrame(resolve));
          img = document.querySelector<HTMLImageElement>('.mask-image')!;
        }
      }
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      return ctx.getImageData(px!, py!, 1, 1).data[0]!;
    },
    [x, y],
  );
}

async function at(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  return page.evaluate(([ix, iy]) => (window as ProbeWindow).faultlineEditorProbe!.clientPoint(ix!, iy!), [x, y]);
}

/** LINEAR windowing of PS3.3 C.11.2.1.2.1, as 8-bit, for the expected grey levels. */
function linear(hu: number, center: number, width: number): number {
  if (hu <= center - 0.5 - (width - 1) / 2) return 0;
  if (hu > center - 0.5 + (width - 1) / 2) return 255;
  return Math.round(((hu - (center - 0.5)) / (width - 1) + 0.5) * 255);
}

test('a CT series comes in, is windowed in the editor by drag and presets, labelled on its own pixel grid, and goes out as valid DICOM SEG', async ({ page, served }) => {
  const dir = join(served.temp, 'ct-project');
  await seedProject(dir, { name: 'CT study', classes: CLASSES });
  const source = join(served.temp, 'hospital', 'CT');
  writeSeries(source);
  await page.context().addInitScript(() => {
    (window as ProbeWindow).__FAULTLINE_TEST_HOOKS__ = true;
  });
  await page.goto(served.url);
  await openProject(page, dir, 'CT study');

  const { client, close } = await contractClient(served.url);
  const { jobId } = await client.call('images.import', { folder: join(served.temp, 'hospital'), split: 'train' });
  expect((await client.call('jobs.wait', { jobId })).state).toBe('done');
  const images = (await client.call('images.list', { limit: 10 })).items;
  expect(images).toHaveLength(3);
  const imageId = images[0]!.id;
  // The series as the user's test set T0, as a labelled test split makes it: its images go into
  // the export once they have a reference mask (here, the one submitted in the editor).
  const db = new Database(projectDbPath(dir));
  db.pragma('busy_timeout = 5000');
  const t0 = db.prepare("INSERT INTO test_sets (name, kind, created_at) VALUES ('T0', 'user', ?)").run(new Date().toISOString()).lastInsertRowid;
  for (const image of images) db.prepare('INSERT INTO test_set_images (test_set_id, image_id) VALUES (?, ?)').run(t0, image.id);
  // The third slice's values file is cut short, as a disk fault would leave it: that slice cannot be windowed.
  const broken = images[2]!.id;
  const { header } = db.prepare('SELECT header FROM dicom_frames WHERE image_id = ?').get(broken) as { header: string };
  writeFileSync(join(dir, (JSON.parse(header) as { values: { relPath: string } }).values.relPath), Buffer.alloc(N * N));
  db.close();

  await page.getByTestId('nav-editor').click();
  await page.getByLabel('Your name').fill('Ada');
  await page.getByRole('button', { name: 'Start labelling' }).click();
  await page.getByTestId(`label-${imageId}`).click();
  await page.waitForFunction((id) => (window as ProbeWindow).faultlineEditorProbe?.imageId === id, imageId);

  // The file's own window first: body 40 HU mid-grey, bone white, air black.
  const values = page.getByTestId('window-values');
  await expect(values).toHaveText('C 40 · W 400');
  await expect(page.locator('.mask-image')).toHaveAttribute('src', /^blob:/);
  expect(await shownGrey(page, 16, 5)).toBe(linear(40, 40, 400));
  expect(await shownGrey(page, 16, 16)).toBe(255);
  expect(await shownGrey(page, 0, 0)).toBe(0);
  await page.screenshot({ path: '/tmp/faultline-dicom-window-file.png' });

  // Right-drag: right widens the window, down raises the centre (2000 HU range: ~3.9 HU a pixel).
  const start = await at(page, 16, 16);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down({ button: 'right' });
  await page.mouse.move(start.x + 100, start.y + 40, { steps: 5 });
  await page.mouse.up({ button: 'right' });
  // The window follows the drag's moves (the text may show one of its steps first): 100 px right and
  // 40 down end near W 790, C 196. The image shown then matches the window shown.
  const shownWindow = async (): Promise<{ center: number; width: number }> => {
    const [, center, width] = /C (-?[\d.]+) · W ([\d.]+)/.exec((await values.textContent())!)!.map(Number);
    return { center: center!, width: width! };
  };
  await expect.poll(async () => (await shownWindow()).width).toBeGreaterThan(750);
  await expect.poll(async () => (await shownWindow()).center).toBeGreaterThan(180);
  await expect
    .poll(async () => {
      const { center, width } = await shownWindow();
      return (await shownGrey(page, 16, 5)) === linear(40, center, width);
    })
    .toBe(true);
  // The drag painted nothing: windowing is not a tool stroke.
  expect(await page.evaluate(() => (window as ProbeWindow).faultlineEditorProbe!.labelAt(16, 16))).toBe(255);
  await page.screenshot({ path: '/tmp/faultline-dicom-window-dragged.png' });

  // A standard CT preset: lung (−600/1500) turns the body light grey.
  await page.getByTestId('window-preset').selectOption({ label: 'lung (-600/1500)' });
  await expect(values).toHaveText('C -600 · W 1500');
  await expect.poll(() => shownGrey(page, 16, 5)).toBe(linear(40, -600, 1500));
  await page.screenshot({ path: '/tmp/faultline-dicom-window-lung.png' });
  // By keyboard: W steps to the next preset (bone), Shift+W goes back to the file's window.
  await page.keyboard.press('w');
  await expect(values).toHaveText('C 400 · W 1800');
  await page.keyboard.press('Shift+W');
  await expect(values).toHaveText('C 40 · W 400');

  // Label the bone block with a polygon around it: it lands on the frame's own 32×32 grid.
  await page.keyboard.press('2');
  await page.keyboard.press('p');
  for (const [x, y] of [
    [12, 12],
    [20, 12],
    [20, 20],
    [12, 20],
  ] as const) {
    const c = await at(page, x, y);
    await page.mouse.click(c.x, c.y);
  }
  await page.keyboard.press('Enter');
  const labelAt = (x: number, y: number) => page.evaluate(([lx, ly]) => (window as ProbeWindow).faultlineEditorProbe!.labelAt(lx!, ly!), [x, y]);
  await expect.poll(() => labelAt(15, 15)).toBe(1);
  expect(await labelAt(5, 5)).toBe(255);
  await page.screenshot({ path: '/tmp/faultline-dicom-labelled.png' });
  await page.getByTestId('window-preset').selectOption({ label: 'lung (-600/1500)' });
  await expect(values).toHaveText('C -600 · W 1500');
  await page.getByTestId('submit').click();
  await expect(page.getByTestId(`queue-status-${imageId}`)).toHaveText('v1 submitted · Ada');

  // The next slice of the series opens in the window chosen on the last one; Shift+W goes back
  // to the file's window.
  const next = images[1]!.id;
  await page.getByTestId(`label-${next}`).click();
  await page.waitForFunction((id) => (window as ProbeWindow).faultlineEditorProbe?.imageId === id, next);
  await expect(values).toHaveText('C -600 · W 1500');
  await expect.poll(() => shownGrey(page, 16, 5)).toBe(linear(40, -600, 1500));
  await page.screenshot({ path: '/tmp/faultline-dicom-window-kept.png' });
  await page.keyboard.press('Shift+W');
  await expect(values).toHaveText('C 40 · W 400');
  await expect.poll(() => shownGrey(page, 16, 5)).toBe(linear(40, 40, 400));

  // The slice whose values cannot be read shows its stored image and says why, without blocking the editor.
  await page.getByTestId('back-to-list').click();
  await page.getByTestId(`label-${broken}`).click();
  await page.waitForFunction((id) => (window as ProbeWindow).faultlineEditorProbe?.imageId === id, broken);
  await expect(page.getByTestId('window-unavailable')).toHaveText(
    `Windowing unavailable for this frame: its values file holds ${(N * N) / 2} values for ${N * N} pixels; showing the stored image.`,
  );
  await expect(page.getByTestId('window-controls')).toHaveCount(0);
  await expect(page.locator('.mask-image')).toHaveAttribute('src', /\.png&/);
  await expect(page.getByTestId('submit')).toBeEnabled();
  await page.screenshot({ path: '/tmp/faultline-dicom-window-unavailable.png' });

  const out = join(served.temp, 'seg-out');
  const exported = await client.call('export.run', { format: 'dicom-seg', out });
  const outcome = await client.call('jobs.wait', { jobId: exported.jobId });
  close();
  expect(outcome.state).toBe('done');
  const [file] = readdirSync(join(out, 'dicom-seg', 'T0'));
  const verdict = spawnSync('dciodvfy', [join(out, 'dicom-seg', 'T0', file!)], { encoding: 'utf8' });
  const text = `${verdict.stdout}${verdict.stderr}`;
  expect(text).toContain('Segmentation');
  expect(text.split('\n').filter((l) => l.startsWith('Error'))).toEqual([]);
});

/**
 * Makes every image of a seeded project a CT frame: a horizontal ramp from −1000 to 1000 HU kept
 * as the import keeps values, and a dicom_frames row with a soft-tissue window (what an import
 * writes; the rating project is seeded from plain images with predictions).
 */
function asCtFrames(dir: string): void {
  const db = new Database(projectDbPath(dir));
  try {
    const images = db.prepare('SELECT id, content_hash AS hash, width, height FROM images').all() as Array<{ id: number; hash: string; width: number; height: number }>;
    for (const image of images) {
      const hu = Array.from({ length: image.width * image.height }, (_, i) => Math.round(-1000 + (2000 * (i % image.width)) / Math.max(1, image.width - 1)));
      const packing = valuePacking(hu);
      const relPath = `images/ct-${image.id}.values.u16`;
      writeFileSync(join(dir, relPath), packValues(hu, packing));
      const window = { center: 40, width: 400, function: 'LINEAR', name: 'SOFT TISSUE' };
      const header = {
        attributes: [{ tag: T.Modality, vr: 'CS', value: 'CT' }],
        photometric: 'MONOCHROME2',
        modality: { kind: 'rescale', slope: 1, intercept: -1024 },
        windows: [window],
        shownWindow: window,
        values: { relPath, ...packing },
        geometry: { position: null, orientation: null, spacing: null, sliceThickness: null },
      };
      db.prepare(
        `INSERT INTO dicom_frames (image_id, study_uid, series_uid, sop_instance_uid, sop_class_uid, frame_number, deidentified, burned_in, header)
         VALUES (?, '2.25.1', '2.25.2', ?, '1.2.840.10008.5.1.4.1.1.2', 1, 1, 'no', ?)`,
      ).run(image.id, `2.25.3.${image.id}`, JSON.stringify(header));
    }
  } finally {
    db.close();
  }
}

test('the rating queue windows DICOM frames too: presets by key, right-drag, overlays still aligned', async ({ page, served }) => {
  const dir = join(served.temp, 'rating-project');
  await seedRatingProject(dir);
  asCtFrames(dir);
  await page.goto(served.url);
  await openProject(page, dir, 'Mining demo');
  await page.keyboard.press('Alt+4');
  await startRating(page);
  // The image the window controls belong to, once its frame is windowed (null while loading).
  const windowedImage = () => page.evaluate(() => document.querySelector('[data-testid="window-controls"]')?.getAttribute('data-image-id') ?? null);

  const values = page.getByTestId('window-values');
  await expect(values).toHaveText('C 40 · W 400');
  const image = page.getByTestId('rating-target').locator('img');
  await expect(image).toHaveAttribute('src', /^blob:/);
  await page.keyboard.press('w');
  await expect(values).not.toHaveText('C 40 · W 400');
  await page.getByTestId('window-preset').selectOption({ label: 'bone (400/1800)' });
  await expect(values).toHaveText('C 400 · W 1800');

  // The next image of the same CT series opens in the chosen window.
  const position = page.getByTestId('rating-position');
  const first = (await position.textContent())!;
  const firstImage = await windowedImage();
  await page.keyboard.press('ArrowRight');
  await expect(position).not.toHaveText(first);
  await expect.poll(async () => ((await windowedImage()) ?? firstImage) !== firstImage).toBe(true);
  await expect(values).toHaveText('C 400 · W 1800');

  const box = (await image.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down({ button: 'right' });
  await page.mouse.move(box.x + box.width / 2 - 60, box.y + box.height / 2 - 30, { steps: 4 });
  await page.mouse.up({ button: 'right' });
  await expect(values).not.toHaveText('C 400 · W 1800');
  // The drag rated nothing and the overlays still cover their images.
  await expect(page.getByTestId('rating-mine')).toHaveText('Not rated by you');
  await expectOverlayAligned(page, 'rating-target', [{ width: 1280, height: 800 }]);
  await page.screenshot({ path: '/tmp/faultline-dicom-rating.png' });

  await page.keyboard.press('Shift+W');
  await expect(values).toHaveText('C 40 · W 400');
  // A reset holds for the series: the previous image opens in the file's window again.
  await page.keyboard.press('ArrowLeft');
  await expect(position).toHaveText(first);
  await expect.poll(windowedImage).toBe(firstImage);
  await expect(values).toHaveText('C 40 · W 400');
});
