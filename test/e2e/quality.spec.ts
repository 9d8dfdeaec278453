import { join } from 'node:path';
import type { EditorProbe } from '../../renderer/src/editor/testProbe.js';
import { deltaE, parseHexColour } from '../../shared/labels/attentionColour.js';
import { QUALITY_CLASSES, seedQualityProject } from '../helpers/seedQualityProject.js';
import { expect, test } from './serverFixture.js';
import { expectNoSidewaysScroll, expectOverlayAligned, openProject } from './steps.js';

type ProbeWindow = Window & { faultlineEditorProbe?: EditorProbe; __FAULTLINE_TEST_HOOKS__?: boolean };

const W = 64;
const H = 48;

test('scores S0 in the Quality view, filters by a common issue, fixes the worst mask in the editor and sees it rescored', async ({ page, served }) => {
  const dir = join(served.temp, 'quality-project');
  const { ids } = await seedQualityProject(dir, { model: 'stored', width: W, height: H });
  await page.context().addInitScript(() => {
    (window as ProbeWindow).__FAULTLINE_TEST_HOOKS__ = true;
  });
  await page.goto(served.url);
  await openProject(page, dir, 'Label quality');

  await page.keyboard.press('Alt+6');
  await expect(page.getByTestId('quality-no-runs')).toBeVisible();
  await expect(page.getByTestId('quality-set')).toHaveValue('S0');
  await expect(page.getByTestId('quality-keys')).toContainText('Open the image in the mask editor');
  await page.getByTestId('quality-run').click();
  await expect(page.getByTestId('job-progress')).toHaveAttribute('data-state', 'done');

  // Worst first: the green image whose mask calls its left half red, with that half flagged.
  const list = page.getByTestId('quality-image-list').locator('li');
  await expect(list).toHaveCount(5);
  await expect(list.first()).toHaveAttribute('data-image-id', String(ids.bad));
  const detail = page.getByTestId('quality-detail');
  await expect(detail).toHaveAttribute('data-image-id', String(ids.bad));
  await expect(page.getByTestId('quality-detail-issues')).toHaveText(String((W / 2) * H));
  await expect(page.getByTestId('quality-flagged-overlay')).toBeVisible();
  // Flagged pixels are painted in the attention colour the legend shows, far from every class colour.
  const flagged = page.getByTestId('quality-flagged-overlay');
  const colour = (await flagged.getAttribute('data-colour'))!;
  const painted = await flagged.evaluate((canvas: HTMLCanvasElement) => Array.from(canvas.getContext('2d')!.getImageData(0, 0, 1, 1).data));
  expect(painted).toEqual([...parseHexColour(colour), 255]);
  expect(await page.getByTestId('flagged-swatch').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe(`rgb(${parseHexColour(colour).join(', ')})`);
  for (const c of QUALITY_CLASSES) expect(deltaE(parseHexColour(colour), parseHexColour(c.color))).toBeGreaterThan(40);
  await page.screenshot({ path: '/tmp/truth-quality-flagged.png' });
  for (const width of [1280, 1500, 1920]) await expectNoSidewaysScroll(page, { width, height: 900 });
  await expectOverlayAligned(page, 'quality-stack', [
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ]);

  await page.keyboard.press('ArrowDown');
  await expect(detail).not.toHaveAttribute('data-image-id', String(ids.bad));
  await page.keyboard.press('ArrowUp');
  await expect(detail).toHaveAttribute('data-image-id', String(ids.bad));

  const issue = page.getByTestId('issue-0-1');
  await expect(issue).toContainText('red');
  await expect(issue).toContainText('green');
  await expect(issue).toContainText(String((W / 2) * H));
  await issue.click();
  await expect(page.getByTestId('quality-filter')).toContainText('red → green · 1 images');
  await expect(list).toHaveCount(1);

  // Open it in the editor, flood-fill the wrong half with green and submit.
  await page.keyboard.press('e');
  await page.getByLabel('Your name').fill('Ada');
  await page.getByRole('button', { name: 'Start labelling' }).click();
  await expect(page.getByTestId('mask-workspace')).toHaveAttribute('data-image-id', String(ids.bad));
  await page.waitForFunction((id) => (window as ProbeWindow).faultlineEditorProbe?.imageId === id, ids.bad);
  expect(await page.evaluate(() => (window as ProbeWindow).faultlineEditorProbe!.labelAt(2, 2))).toBe(0);
  await page.keyboard.press('2');
  await page.keyboard.press('f');
  const point = await page.evaluate(() => (window as ProbeWindow).faultlineEditorProbe!.clientPoint(4, 4));
  await page.mouse.click(point.x, point.y);
  await expect.poll(() => page.evaluate(() => (window as ProbeWindow).faultlineEditorProbe!.labelAt(2, 2))).toBe(1);
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId(`queue-status-${ids.bad}`)).toContainText('v1 submitted · Ada');

  // Back in the Quality view the image is rescored: nothing flagged any more, so the pair filter is empty.
  await page.keyboard.press('Alt+6');
  await expect(page.getByTestId('quality-notice')).toHaveText('images/bad.png rescored: 0.0000 → 1.0000, 0 flagged pixels.');
  await expect(page.getByTestId('common-issues-empty')).toBeVisible();
  await page.keyboard.press('c');
  await expect(list).toHaveCount(5);
  await expect(list.first()).not.toHaveAttribute('data-image-id', String(ids.bad));
  await expect(page.getByTestId(`quality-image-${ids.bad}`)).toContainText('1.0000');
});
