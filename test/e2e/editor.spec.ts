import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { createClient, type Client } from '../../shared/client/createClient.js';
import type { EditorProbe } from '../../renderer/src/editor/testProbe.js';
import { attentionColour, deltaE, parseHexColour } from '../../shared/labels/attentionColour.js';
import { seedProject, stripes } from '../helpers/seedProject.js';
import { connectWsTransport } from '../helpers/wsClientTransport.js';
import { expect, test } from './serverFixture.js';
import { openProject } from './steps.js';

const W = 40;
const H = 30;
const CLASSES = [
  { id: 0, name: 'road', color: '#804080' },
  { id: 1, name: 'car', color: '#0000ff' },
  { id: 2, name: 'person', color: '#dc143c' },
];

type ProbeWindow = Window & { faultlineEditorProbe?: EditorProbe; __FAULTLINE_TEST_HOOKS__?: boolean };

async function openSeededProject(page: Page, url: string, dir: string, classes: typeof CLASSES = CLASSES): Promise<void> {
  await seedProject(dir, {
    name: 'Editor study',
    classes,
    images: [1, 2, 3].map((i) => ({ relPath: `images/street-${i}.png`, width: W, height: H, rgb: stripes(W, H) })),
  });
  await page.context().addInitScript(() => {
    (window as ProbeWindow).__FAULTLINE_TEST_HOOKS__ = true;
  });
  await page.goto(url);
  await openProject(page, dir, 'Editor study');
}

async function pickName(page: Page, name: string): Promise<void> {
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Start labelling' }).click();
  await expect(page.getByTestId('annotator-name')).toHaveText(name);
}

async function openImage(page: Page, imageId: number, how: 'label' | 'review' = 'label'): Promise<void> {
  await page.getByTestId(`${how}-${imageId}`).click();
  await expect(page.getByTestId('mask-workspace')).toHaveAttribute('data-image-id', String(imageId));
  await page.waitForFunction((id) => (window as ProbeWindow).faultlineEditorProbe?.imageId === id, imageId);
}

/** Client coordinates of image point (x, y), as the editor maps them. */
async function at(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  return page.evaluate(([ix, iy]) => (window as ProbeWindow).faultlineEditorProbe!.clientPoint(ix!, iy!), [x, y]);
}

/** The label map as rows of characters: '.' unlabelled, digits class ids. */
async function picture(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const probe = (window as ProbeWindow).faultlineEditorProbe!;
    const rows: string[] = [];
    for (let y = 0; y < probe.height; y++) {
      let row = '';
      for (let x = 0; x < probe.width; x++) {
        const v = probe.labelAt(x, y);
        row += v === 255 ? '.' : String(v);
      }
      rows.push(row);
    }
    return rows;
  });
}

function blank(): string[] {
  return Array.from({ length: H }, () => '.'.repeat(W));
}

/** Sets characters of a picture: value at every (x, y) the predicate accepts. */
function paint(rows: string[], value: string, inside: (x: number, y: number) => boolean): string[] {
  return rows.map((row, y) => [...row].map((c, x) => (inside(x, y) ? value : c)).join(''));
}

async function brushSize(page: Page, size: number): Promise<void> {
  const shown = page.getByTestId('brush-size');
  for (let i = 0; i < 20 && (await shown.textContent()) !== `${size} px`; i++) {
    const current = Number.parseInt((await shown.textContent()) ?? '0', 10);
    await page.keyboard.press(current > size ? '[' : ']');
  }
  await expect(shown).toHaveText(`${size} px`);
}

async function stroke(page: Page, points: Array<[number, number]>, finish: 'up' | 'escape' = 'up'): Promise<void> {
  const first = await at(page, ...points[0]!);
  await page.mouse.move(first.x, first.y);
  await page.mouse.down();
  for (const p of points.slice(1)) {
    const c = await at(page, ...p);
    await page.mouse.move(c.x, c.y, { steps: 4 });
  }
  if (finish === 'escape') await page.keyboard.press('Escape');
  await page.mouse.up();
}

async function clickAt(page: Page, x: number, y: number): Promise<void> {
  const c = await at(page, x, y);
  await page.mouse.click(c.x, c.y);
}

async function contractClient(url: string): Promise<{ client: Client; close(): void }> {
  const { origin, searchParams } = new URL(url);
  const ws = await connectWsTransport(origin, searchParams.get('token')!);
  return { client: createClient(ws), close: () => ws.close() };
}

function decodeRows(data: string): string[] {
  const labels = inflateSync(Buffer.from(data, 'base64'));
  return Array.from({ length: H }, (_, y) => [...labels.subarray(y * W, (y + 1) * W)].map((v) => (v === 255 ? '.' : String(v))).join(''));
}

/** Top and bottom of every cell of a table row: cells of one row share both, so its rule is one straight line. */
async function cellEdges(page: Page, rowTestId: string): Promise<Array<{ top: number; bottom: number }>> {
  return page.getByTestId(rowTestId).evaluate((row) => [...row.children].map((cell) => ({ top: Math.round(cell.getBoundingClientRect().top), bottom: Math.round(cell.getBoundingClientRect().bottom) })));
}

test('brush, eraser, polygon, flood fill and undo/redo change exactly the expected pixels', async ({ page, served }) => {
  await openSeededProject(page, served.url, join(served.temp, 'editor-project'));
  await page.getByTestId('nav-editor').click();
  await pickName(page, 'Ada');
  // The Label / Review cell lines up with the others: the row's rule runs straight under every cell.
  await expect(page.getByTestId('label-1')).toBeVisible();
  const edges = await cellEdges(page, 'queue-row-1');
  expect(edges.length).toBe(8);
  for (const edge of edges) expect(edge).toEqual(edges[0]);
  await page.screenshot({ path: '/tmp/faultline-editor-queue.png' });
  await openImage(page, 1);
  await expect(page.getByTestId('class-legend')).toContainText('person');
  let expected = blank();
  expect(await picture(page)).toEqual(expected);

  // Brush, 1 px, class 2 of the legend (car): exactly the pixels of row 10 from x 5 to 20.
  await page.keyboard.press('2');
  await expect(page.getByTestId('class-1')).toHaveAttribute('aria-pressed', 'true');
  await brushSize(page, 1);
  await stroke(page, [
    [5.5, 10.5],
    [20.5, 10.5],
  ]);
  expected = paint(expected, '1', (x, y) => y === 10 && x >= 5 && x <= 20);
  expect(await picture(page)).toEqual(expected);

  // Eraser, 3 px, one click on (10.5, 10.5): the 3×3 block around it becomes unlabelled.
  await page.keyboard.press('e');
  await brushSize(page, 3);
  await clickAt(page, 10.5, 10.5);
  expected = paint(expected, '.', (x, y) => Math.abs(x - 10) <= 1 && Math.abs(y - 10) <= 1);
  expect(await picture(page)).toEqual(expected);

  // A stroke cancelled with Esc leaves nothing behind and no history step.
  await page.keyboard.press('b');
  const depth = await page.evaluate(() => (window as ProbeWindow).faultlineEditorProbe!.undoDepth());
  await stroke(
    page,
    [
      [2.5, 25.5],
      [30.5, 25.5],
    ],
    'escape',
  );
  expect(await picture(page)).toEqual(expected);
  expect(await page.evaluate(() => (window as ProbeWindow).faultlineEditorProbe!.undoDepth())).toBe(depth);

  // Polygon (road): four clicks, the last vertex dragged into place, closed with Enter.
  await page.keyboard.press('1');
  await page.keyboard.press('p');
  for (const [x, y] of [
    [25, 5],
    [35, 5],
    [35, 15],
    [29, 18],
  ] as const) {
    await clickAt(page, x, y);
  }
  const from = await at(page, 29, 18);
  const to = await at(page, 25, 15);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.press('Enter');
  const square = (x: number, y: number) => x >= 25 && x <= 34 && y >= 5 && y <= 14;
  expected = paint(expected, '0', square);
  expect(await picture(page)).toEqual(expected);

  // Flood fill (person) inside the square: the square only.
  await page.keyboard.press('3');
  await page.keyboard.press('f');
  await clickAt(page, 30.5, 10.5);
  const filled = paint(expected, '2', square);
  expect(await picture(page)).toEqual(filled);

  // Undo twice (fill, then polygon), redo twice.
  await page.keyboard.press('Control+z');
  expect(await picture(page)).toEqual(expected);
  await page.keyboard.press('Control+z');
  const beforePolygon = paint(expected, '.', square);
  expect(await picture(page)).toEqual(beforePolygon);
  await page.keyboard.press('Control+Shift+z');
  expect(await picture(page)).toEqual(expected);
  await page.keyboard.press('Control+Shift+z');
  expect(await picture(page)).toEqual(filled);

  // A second polygon closed by double click (car), in the empty lower left.
  await page.keyboard.press('2');
  await page.keyboard.press('p');
  await clickAt(page, 2, 20);
  await clickAt(page, 8, 20);
  const last = await at(page, 8, 23);
  await page.mouse.dblclick(last.x, last.y);
  // No pixel centre lies on an edge of this triangle, so the expected set does not hang on rounding.
  const triangle = paint(filled, '1', (x, y) => {
    const cx = x + 0.5;
    const cy = y + 0.5;
    return cy > 20 && cx < 8 && cy < 20 + (cx - 2) / 2;
  });
  expect(await picture(page)).toEqual(triangle);

  // The key map lists the editor's keys; fit and zoom by keyboard.
  await page.keyboard.press('?');
  await expect(page.getByTestId('editor-key-map')).toContainText('Ctrl+0');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('editor-key-map')).toBeHidden();
  const zoom = page.getByTestId('zoom-readout');
  const fitted = await zoom.textContent();
  await page.keyboard.press('Control+Equal');
  await expect(zoom).not.toHaveText(fitted!);
  await page.keyboard.press('Control+0');
  await expect(zoom).toHaveText(fitted!);

  // Space+drag and middle-button drag pan without painting; the wheel zooms; M hides the mask.
  const view = () => page.evaluate(() => (window as ProbeWindow).faultlineEditorProbe!.view());
  const start = await view();
  const grab = await at(page, 20, 20);
  await page.keyboard.down('Space');
  await page.mouse.move(grab.x, grab.y);
  await page.mouse.down();
  await page.mouse.move(grab.x + 50, grab.y + 30, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.up('Space');
  expect(await view()).toEqual({ scale: start.scale, x: start.x + 50, y: start.y + 30 });
  await page.mouse.down({ button: 'middle' });
  await page.mouse.move(grab.x, grab.y, { steps: 5 });
  await page.mouse.up({ button: 'middle' });
  expect(await view()).toEqual(start);
  await page.mouse.wheel(0, -300);
  await expect.poll(async () => (await view()).scale).toBeGreaterThan(start.scale);
  expect(await picture(page)).toEqual(triangle);
  await page.keyboard.press('m');
  await expect(page.getByTestId('show-mask')).not.toBeChecked();
  await page.keyboard.press('m');
  await expect(page.getByTestId('show-mask')).toBeChecked();

  // Submitted: the project holds exactly these pixels.
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('image-queue')).toBeVisible();
  await expect(page.getByTestId('queue-status-1')).toHaveText('v1 submitted · Ada');
  await expect(page.getByTestId('label-1')).toHaveText('Label');
  const { client, close } = await contractClient(served.url);
  const [version] = (await client.call('annotations.history', { imageId: 1 })).versions;
  expect(version).toMatchObject({ version: 1, status: 'submitted', authorName: 'Ada', origin: 'scratch' });
  expect(version!.timeMs).toBeGreaterThan(0);
  const mask = await client.call('annotations.loadMask', { kind: 'annotation', annotationId: version!.id });
  close();
  expect(decodeRows(mask.data)).toEqual(triangle);
});

test('a draft survives closing the page mid-edit and reopens from a deep link', async ({ page, served, context }) => {
  await openSeededProject(page, served.url, join(served.temp, 'draft-project'));
  await page.getByTestId('nav-editor').click();
  await pickName(page, 'Ada');
  await openImage(page, 2);
  await page.keyboard.press('3');
  await brushSize(page, 1);
  await stroke(page, [
    [3.5, 4.5],
    [12.5, 4.5],
  ]);
  const expected = paint(blank(), '2', (x, y) => y === 4 && x >= 3 && x <= 12);
  expect(await picture(page)).toEqual(expected);
  await expect(page.getByTestId('draft-status')).toHaveAttribute('data-state', 'saved');
  expect(page.url()).toContain('#editor/2');
  await page.close();

  const again = await context.newPage();
  await again.goto(`${served.url}#editor/2`);
  await expect(again.getByTestId('mask-workspace')).toHaveAttribute('data-image-id', '2');
  await again.waitForFunction(() => (window as ProbeWindow).faultlineEditorProbe?.imageId === 2);
  await expect(again.getByTestId('draft-status')).toHaveAttribute('data-state', 'restored');
  expect(await picture(again)).toEqual(expected);
  await again.getByTestId('back-to-list').click();
  await expect(again.getByTestId('queue-row-2')).toContainText('saved');
});

test('a review round trip: return with a mark, the annotator sees it and resubmits, the reviewer accepts', async ({ page, served }) => {
  await openSeededProject(page, served.url, join(served.temp, 'review-project'));
  await page.getByTestId('nav-editor').click();
  await pickName(page, 'Ada');
  await openImage(page, 3);
  await page.keyboard.press('2');
  await page.keyboard.press('p');
  for (const [x, y] of [
    [5, 5],
    [15, 5],
    [15, 15],
    [5, 15],
  ] as const) {
    await clickAt(page, x, y);
  }
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('queue-status-3')).toHaveText('v1 submitted · Ada');
  await expect(page.getByTestId('review-3')).toBeDisabled();

  await page.getByRole('button', { name: 'not you?' }).click();
  await pickName(page, 'Grace');
  await openImage(page, 3, 'review');
  await page.getByTestId('mark-kind').selectOption('missing_region');
  await clickAt(page, 20.5, 10.5);
  await expect(page.getByTestId('mark-pin')).toHaveCount(1);
  // The pin takes the attention colour, which no class colour of the project comes near.
  const pinColour = await page.getByTestId('mark-pin').evaluate((e) => getComputedStyle(e).backgroundColor);
  const pinRgb = pinColour.match(/\d+/g)!.map(Number) as [number, number, number];
  expect(pinRgb).toEqual([...attentionColour(CLASSES.map((c) => c.color)).rgb]);
  for (const c of CLASSES) expect(deltaE(pinRgb, parseHexColour(c.color))).toBeGreaterThan(40);
  await page.screenshot({ path: '/tmp/truth-editor-pin.png' });
  await page.getByLabel('Comment on mark 1').fill('the car continues here');
  await page.getByTestId('return').click();
  await expect(page.getByTestId('queue-status-3')).toHaveText('v1 returned · Ada');

  await page.getByRole('button', { name: 'not you?' }).click();
  await pickName(page, 'Ada');
  await expect(page.getByTestId('label-3')).toHaveText('Fix');
  await openImage(page, 3);
  await expect(page.getByTestId('returned-marks')).toContainText('Missing region at (20, 10): the car continues here');
  await expect(page.getByTestId('mark-pin')).toHaveCount(1);
  const square = (x: number, y: number) => x >= 5 && x <= 14 && y >= 5 && y <= 14;
  expect(await picture(page)).toEqual(paint(blank(), '1', square));
  await page.keyboard.press('2');
  await page.keyboard.press('p');
  for (const [x, y] of [
    [15, 5],
    [25, 5],
    [25, 15],
    [15, 15],
  ] as const) {
    await clickAt(page, x, y);
  }
  await page.keyboard.press('Enter');
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('queue-status-3')).toHaveText('v2 submitted · Ada');

  await page.getByRole('button', { name: 'not you?' }).click();
  await pickName(page, 'Grace');
  await openImage(page, 3, 'review');
  // The reviewer sees what changed since v1 was returned: the added square x 15…24, y 5…14, in the attention colour.
  await expect(page.getByTestId('changes-note')).toHaveAttribute('data-count', '100');
  await expect(page.getByTestId('changes-note')).toContainText('100 pixels changed since v1 was returned');
  const overlay = page.getByTestId('changes-overlay');
  await expect(overlay).toBeVisible();
  const overlayPixel = (x: number, y: number) =>
    overlay.evaluate((c, [px, py]) => [...(c as HTMLCanvasElement).getContext('2d')!.getImageData(px!, py!, 1, 1).data], [x, y]);
  const attention = [...attentionColour(CLASSES.map((c) => c.color)).rgb];
  // The changed region's edge is solid, its inside faint.
  expect(await overlayPixel(15, 10)).toEqual([...attention, 255]);
  expect(await overlayPixel(20, 5)).toEqual([...attention, 255]);
  const inside = await overlayPixel(20, 10);
  expect(inside[3]).toBeGreaterThan(0);
  expect(inside[3]).toBeLessThan(255);
  expect(await overlayPixel(10, 10)).toEqual([0, 0, 0, 0]);
  expect(await overlayPixel(25, 10)).toEqual([0, 0, 0, 0]);
  await page.screenshot({ path: '/tmp/faultline-review-changes.png' });
  await page.keyboard.press('d');
  await expect(overlay).toBeHidden();
  await page.keyboard.press('d');
  await expect(overlay).toBeVisible();
  await page.keyboard.press('Shift+A');
  await expect(page.getByTestId('queue-status-3')).toHaveText('v2 accepted · Ada');

  const { client, close } = await contractClient(served.url);
  const history = await client.call('annotations.history', { imageId: 3 });
  const mask = await client.call('annotations.loadMask', { kind: 'annotation', annotationId: history.versions[1]!.id });
  close();
  expect(history.versions.map((v) => [v.version, v.status, v.authorName])).toEqual([
    [1, 'returned', 'Ada'],
    [2, 'accepted', 'Ada'],
  ]);
  expect(history.reviews.map((r) => [r.version, r.decision, r.reviewerName, r.marks.length])).toEqual([
    [1, 'returned', 'Grace', 1],
    [2, 'accepted', 'Grace', 0],
  ]);
  const [mark] = history.reviews[0]!.marks;
  expect(mark).toMatchObject({ kind: 'missing_region', comment: 'the car continues here' });
  expect(mark!.x).toBeCloseTo(20.5, 1);
  expect(mark!.y).toBeCloseTo(10.5, 1);
  expect(decodeRows(mask.data)).toEqual(paint(blank(), '1', (x, y) => x >= 5 && x <= 24 && y >= 5 && y <= 14));
});

/** The mask canvas's RGBA at image point (x, y), as drawn on screen. */
async function maskPixel(page: Page, x: number, y: number): Promise<number[]> {
  const p = await at(page, x, y);
  return page.getByTestId('mask-canvas').evaluate((c, [cx, cy]) => {
    const canvas = c as HTMLCanvasElement;
    const r = canvas.getBoundingClientRect();
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext('2d')!;
    ctx.drawImage(canvas, 0, 0);
    const k = canvas.width / r.width;
    return [...ctx.getImageData(Math.floor((cx! - r.left) * k), Math.floor((cy! - r.top) * k), 1, 1).data];
  }, [p.x, p.y]);
}

test('with 14 classes, / and a few letters then Enter choose any class, the status bar names the class under the pointer, H hides a class', async ({ page, served }) => {
  const names = ['road', 'sidewalk', 'building', 'wall', 'fence', 'pole', 'traffic light', 'traffic sign', 'vegetation', 'terrain', 'sky', 'person', 'rider', 'bicycle'];
  const classes = names.map((name, id) => ({ id, name, color: `#${(0x101010 * (id + 1)).toString(16).padStart(6, '0')}` }));
  await openSeededProject(page, served.url, join(served.temp, 'many-classes'), classes);
  await page.getByTestId('nav-editor').click();
  await pickName(page, 'Ada');
  await openImage(page, 1);

  // Class 14 has no digit key: the search finds it.
  await page.keyboard.press('/');
  await expect(page.getByTestId('class-search')).toBeFocused();
  await page.keyboard.type('bic');
  await expect(page.getByTestId('class-legend').getByRole('button', { pressed: false })).toHaveCount(2);
  await expect(page.getByTestId('class-13')).toBeVisible();
  await expect(page.getByTestId('class-0')).toHaveCount(0);
  await page.screenshot({ path: '/tmp/faultline-class-search.png' });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('class-13')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('class-search')).not.toBeFocused();
  await expect(page.getByTestId('class-search')).toHaveValue('');
  await expect(page.getByTestId('class-legend').locator('li > button[data-testid^="class-"]:not([data-testid^="class-eye"])')).toHaveCount(14);

  // "traffic": two matches; ↓ moves to the second, Enter takes it.
  await page.keyboard.press('/');
  await page.keyboard.type('traffic');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('class-7')).toHaveAttribute('aria-pressed', 'true');

  // Back to bicycle, paint one 1 px dot at (10, 10), and point at it.
  await page.keyboard.press('/');
  await page.keyboard.type('bicy');
  await page.keyboard.press('Enter');
  await brushSize(page, 1);
  await clickAt(page, 10.5, 10.5);
  const labelAt = (x: number, y: number) => page.evaluate(([ix, iy]) => (window as ProbeWindow).faultlineEditorProbe!.labelAt(ix!, iy!), [x, y]);
  expect(await labelAt(10, 10)).toBe(13);
  expect(await labelAt(11, 10)).toBe(255);
  const status = page.getByTestId('cursor-status');
  await expect(status).toHaveAttribute('data-label', '13');
  await expect(status).toHaveText('(10, 10) bicycle');
  await expect.poll(async () => (await maskPixel(page, 10.5, 10.5))[3]).toBeGreaterThan(0);
  const shown = await maskPixel(page, 10.5, 10.5);
  // Read back un-premultiplied: bicycle's colour #e0e0e0 at the mask's opacity.
  expect(shown[3]).toBeGreaterThan(0);
  expect(shown.slice(0, 3).map((v) => Math.abs(v - 0xe0) <= 3)).toEqual([true, true, true]);
  const off = await at(page, 30.5, 20.5);
  await page.mouse.move(off.x, off.y);
  await expect(status).toHaveText('(30, 20) unlabelled');

  // H hides the current class in the mask (the label map keeps it); Shift+H shows every class again.
  await page.keyboard.press('h');
  await expect(page.getByTestId('class-eye-13')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('hidden-classes')).toContainText('1 hidden');
  await expect.poll(async () => (await maskPixel(page, 10.5, 10.5))[3]).toBe(0);
  expect(await labelAt(10, 10)).toBe(13);
  await page.screenshot({ path: '/tmp/faultline-class-hidden.png' });
  await page.keyboard.press('Shift+H');
  await expect(page.getByTestId('hidden-classes')).toHaveCount(0);
  await expect.poll(async () => (await maskPixel(page, 10.5, 10.5))[3]).toBeGreaterThan(0);
  // The eye on a legend row does the same for any class.
  await page.getByTestId('class-eye-13').click();
  await expect.poll(async () => (await maskPixel(page, 10.5, 10.5))[3]).toBe(0);

  // Hidden classes belong to their project: another project with the same class ids shows them all,
  // and the first one hides class 13 again when it is back.
  const other = join(served.temp, 'many-classes-too');
  await seedProject(other, { name: 'Other study', classes, images: [{ relPath: 'images/a.png', width: W, height: H, rgb: stripes(W, H) }] });
  const reopenEditor = async (dir: string, name: string): Promise<void> => {
    await page.getByTestId('close-project').click();
    await openProject(page, dir, name);
    await page.getByTestId('nav-editor').click();
    await openImage(page, 1);
  };
  await reopenEditor(other, 'Other study');
  await expect(page.getByTestId('class-eye-13')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('hidden-classes')).toHaveCount(0);
  await reopenEditor(join(served.temp, 'many-classes'), 'Editor study');
  await expect(page.getByTestId('class-eye-13')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('hidden-classes')).toContainText('1 hidden');
});

test('Submit & next walks the list image after image, by button and by Ctrl+Shift+Enter, then back to the list after its last image', async ({ page, served }) => {
  await openSeededProject(page, served.url, join(served.temp, 'next-project'));
  await page.getByTestId('nav-editor').click();
  await pickName(page, 'Ada');
  await page.getByLabel('Which images').selectOption('unlabelled');
  await openImage(page, 1);
  await page.keyboard.press('1');
  await page.keyboard.press('f');
  await clickAt(page, 5, 5);
  await page.getByTestId('submit-next').click();
  await expect(page.getByTestId('mask-workspace')).toHaveAttribute('data-image-id', '2');
  await page.waitForFunction(() => (window as ProbeWindow).faultlineEditorProbe?.imageId === 2);
  await page.keyboard.press('1');
  await page.keyboard.press('f');
  await clickAt(page, 5, 5);
  await page.keyboard.press('Control+Shift+Enter');
  await expect(page.getByTestId('mask-workspace')).toHaveAttribute('data-image-id', '3');
  await page.screenshot({ path: '/tmp/faultline-submit-next.png' });
  await page.waitForFunction(() => (window as ProbeWindow).faultlineEditorProbe?.imageId === 3);
  // The last image of the list: submitting it goes back to the list, which is now empty.
  await page.getByTestId('submit-next').click();
  await expect(page.getByTestId('queue-empty')).toBeVisible();

  const { client, close } = await contractClient(served.url);
  const queue = await client.call('annotations.queue', { filter: 'submitted' });
  close();
  expect(queue.items.map((i) => i.image.id).sort()).toEqual([1, 2, 3]);
});
