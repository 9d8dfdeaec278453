import { join } from 'node:path';
import type { WebSocketRoute } from '@playwright/test';
import { createClient } from '../../shared/client/createClient.js';
import { startServeProcess } from '../helpers/runCliProcess.js';
import { seedRatingProject } from '../helpers/seedRatingProject.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { connectWsTransport } from '../helpers/wsClientTransport.js';
import { expect, test } from './serverFixture.js';
import { openProject, startRating } from './steps.js';

test('a rating lost with a dropped connection is re-sent after the reconnect, and rating goes on', async ({ page, served }) => {
  const dir = join(served.temp, 'reconnect-project');
  const { size } = await seedRatingProject(dir);

  // Every socket of the page goes through this relay; it can drop the line just as the next rating is on its way, as a network blip does.
  let loseNextRating = false;
  let connections = 0;
  await page.routeWebSocket(/\/ws\?/, (pageSide: WebSocketRoute) => {
    connections++;
    const serverSide = pageSide.connectToServer();
    pageSide.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { method: string };
      if (loseNextRating && frame.method === 'rating.rate') {
        loseNextRating = false;
        void pageSide.close({ code: 1006, reason: 'network blip' });
        void serverSide.close();
        return;
      }
      serverSide.send(message);
    });
    serverSide.onMessage((message) => pageSide.send(message));
  });

  await page.goto(served.url);
  await openProject(page, dir, 'Mining demo');
  await page.keyboard.press('Alt+4');
  await startRating(page);
  const position = page.getByTestId('rating-position');
  await expect(position).toHaveText(`Image 1 of ${size}`);
  const badge = page.getByTestId('transport');
  await expect(badge).toHaveText('Browser · open');

  loseNextRating = true;
  await page.keyboard.press('2');
  await expect(badge).toHaveText('Browser · reconnecting…');
  await expect(badge).toHaveText('Browser · open');
  expect(connections).toBe(2);
  await expect(position).toHaveText(`Image 2 of ${size}`);
  await page.keyboard.press('4');
  await expect(page.getByTestId('rating-progress')).toHaveText(`Ada: 2 / ${size} rated`);

  const { origin, searchParams } = new URL(served.url);
  const ws = await connectWsTransport(origin, searchParams.get('token')!);
  const queue = await createClient(ws).call('rating.queue', { rater: 'Ada' });
  ws.close();
  expect(queue.items.slice(0, 3).map((i) => i.myScore)).toEqual([2, 4, null]);
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
});

test('a tab whose token the server refuses says so and what to do, instead of connecting for ever', async ({ page }) => {
  test.setTimeout(120_000);
  const temp = makeTempDir('faultline-e2e-');
  const env = { ...process.env, FAULTLINE_HOME: join(temp.dir, 'home') };
  const dir = join(temp.dir, 'restart-project');
  await seedRatingProject(dir);
  let server = await startServeProcess([], env);
  const oldUrl = server.url;
  try {
    await page.goto(oldUrl);
    await openProject(page, dir, 'Mining demo');
    const badge = page.getByTestId('transport');
    await expect(badge).toHaveText('Browser · open');

    // A restart without --keep-token: the same address answers to a new token only.
    await server.stop();
    server = await startServeProcess(['--port', new URL(oldUrl).port], env);
    expect(server.url).not.toBe(oldUrl);

    // Reloading the old address used to wait on "Connecting to Faultline…" for ever.
    await page.reload();
    const refused = page.getByTestId('token-refused');
    await expect(refused).toContainText("refused this tab's token");
    await expect(refused).toContainText('Open the address it printed last');
    await expect(page.getByText('Connecting to Faultline…')).toHaveCount(0);
    await page.screenshot({ path: '/tmp/faultline-token-refused.png' });

    await page.goto(server.url);
    await expect(page.getByTestId('token-refused')).toHaveCount(0);
    await openProject(page, dir, 'Mining demo');
    await expect(badge).toHaveText('Browser · open');
  } finally {
    await server.stop();
    temp.cleanup();
  }
});

test('a rating made while the server is unreachable is not dropped: the queue stays on the image, says so, and moves on once it is saved', async ({ page, served }) => {
  const dir = join(served.temp, 'unreachable-project');
  const { size } = await seedRatingProject(dir);

  // A relay in front of the server: it can cut the line as a rating leaves and refuse every new
  // connection until the server is reachable again.
  let reachable = true;
  let cutOnNextRating = false;
  await page.routeWebSocket(/\/ws\?/, (pageSide: WebSocketRoute) => {
    if (!reachable) {
      void pageSide.close({ code: 1006, reason: 'unreachable' });
      return;
    }
    const serverSide = pageSide.connectToServer();
    pageSide.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { method: string };
      if (cutOnNextRating && frame.method === 'rating.rate') {
        cutOnNextRating = false;
        reachable = false;
        void pageSide.close({ code: 1006, reason: 'server unreachable' });
        void serverSide.close();
        return;
      }
      serverSide.send(message);
    });
    serverSide.onMessage((message) => pageSide.send(message));
  });

  await page.goto(served.url);
  await openProject(page, dir, 'Mining demo');
  await page.keyboard.press('Alt+4');
  await startRating(page);
  const position = page.getByTestId('rating-position');
  await expect(position).toHaveText(`Image 1 of ${size}`);
  await page.keyboard.press('2');
  await expect(position).toHaveText(`Image 2 of ${size}`);
  const second = await page.locator('.rating-head .image-name').textContent();

  cutOnNextRating = true;
  await page.keyboard.press('4');
  const saving = page.getByTestId('rating-saving');
  await expect(saving).toHaveText(`Saving 4 for ${second}… waiting for the server to confirm it`);
  await expect(page.getByTestId('transport')).toHaveText('Browser · reconnecting…');
  // Still on the image, still unrated, and another key does not rate it twice or skip it.
  await expect(position).toHaveText(`Image 2 of ${size}`);
  await expect(page.getByTestId('rating-mine')).toHaveText('Not rated by you');
  await page.keyboard.press('5');
  await expect(saving).toContainText('Saving 4 for');
  await expect(saving).toBeVisible();
  await page.screenshot({ path: '/tmp/truth-rating-unreachable.png' });

  reachable = true;
  await expect(position).toHaveText(`Image 3 of ${size}`);
  await expect(saving).toHaveCount(0);
  await expect(page.getByTestId('rating-progress')).toHaveText(`Ada: 2 / ${size} rated`);

  const { origin, searchParams } = new URL(served.url);
  const ws = await connectWsTransport(origin, searchParams.get('token')!);
  const queue = await createClient(ws).call('rating.queue', { rater: 'Ada' });
  ws.close();
  expect(queue.items.slice(0, 3).map((i) => i.myScore)).toEqual([2, 4, null]);
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
});

test('an open tab follows a server restart without a reload: with --keep-token --resume (npm start) it carries on in the same project and view, a new token says so', async ({ page }) => {
  test.setTimeout(180_000);
  const temp = makeTempDir('faultline-e2e-');
  const env = { ...process.env, FAULTLINE_HOME: join(temp.dir, 'home') };
  const dir = join(temp.dir, 'restart-open-tab');
  await seedRatingProject(dir);
  let server = await startServeProcess(['--keep-token', '--resume'], env);
  const port = new URL(server.url).port;
  try {
    await page.goto(server.url);
    await openProject(page, dir, 'Mining demo');
    const badge = page.getByTestId('transport');
    await expect(badge).toHaveText('Browser · open');
    await page.keyboard.press('Alt+4');
    await startRating(page);
    const position = page.getByTestId('rating-position');
    await expect(position).toHaveText(/^Image 1 of/);
    await page.keyboard.press('2');
    await expect(position).toHaveText(/^Image 2 of/);

    await server.stop();
    await expect(badge).toHaveText('Browser · reconnecting…');
    server = await startServeProcess(['--keep-token', '--resume', '--port', port], env);
    expect(server.output().stderr).toContain('Reopened Mining demo');
    await expect(badge).toHaveText('Browser · open', { timeout: 60_000 });
    // Same project, same view, same place in the queue: the restart cost the rater nothing.
    await expect(page.getByTestId('project-name')).toHaveText('Mining demo');
    await expect(position).toHaveText(/^Image 2 of/);
    await page.keyboard.press('3');
    await expect(position).toHaveText(/^Image 3 of/);
    await page.screenshot({ path: '/tmp/faultline-restart-same-token.png' });

    await server.stop();
    server = await startServeProcess(['--port', port], env);
    await expect(page.getByTestId('token-refused')).toContainText("refused this tab's token", { timeout: 60_000 });
    await page.screenshot({ path: '/tmp/faultline-restart-new-token.png' });
  } finally {
    await server.stop();
    temp.cleanup();
  }
});
