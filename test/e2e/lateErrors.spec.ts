import { join } from 'node:path';
import type { WebSocketRoute } from '@playwright/test';
import { expect, test } from './serverFixture.js';
import { createProject } from './steps.js';

const LATE = 'The error overview could not be read: the test relay answered late on purpose.';

test('an error that arrives after its view was left waits in that view, marked in the sidebar, instead of showing over another view', async ({ page, served }) => {
  // The relay holds the Errors view's first overview call until the test answers it with a failure.
  let hold = true;
  let held: { id: number; pageSide: WebSocketRoute } | null = null;
  await page.routeWebSocket(/\/ws\?/, (pageSide: WebSocketRoute) => {
    const serverSide = pageSide.connectToServer();
    pageSide.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { id: number; method: string };
      if (hold && frame.method === 'errors.overview') {
        hold = false;
        held = { id: frame.id, pageSide };
        return;
      }
      serverSide.send(message);
    });
    serverSide.onMessage((message) => pageSide.send(message));
  });

  await page.goto(served.url);
  await createProject(page, join(served.temp, 'late'));

  await page.keyboard.press('Alt+8');
  await expect.poll(() => held !== null).toBe(true);
  await page.keyboard.press('Alt+1');
  await expect(page.getByTestId('nav-pool')).toHaveAttribute('aria-current', 'page');
  const { id, pageSide } = held!;
  pageSide.send(JSON.stringify({ type: 'result', id, result: { ok: false, error: { code: 'internal', message: LATE } } }));

  // Pool shows nothing of it; the Errors entry of the sidebar says something waits there.
  await expect(page.getByTestId('nav-error-errors')).toBeVisible();
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
  await page.screenshot({ path: '/tmp/faultline-late-error.png' });
  await page.keyboard.press('Alt+2');
  await expect(page.getByTestId('error-banner')).toHaveCount(0);

  // Back in Errors, the error is read where it belongs, and the mark goes.
  await page.keyboard.press('Alt+8');
  await expect(page.getByTestId('error-banner')).toContainText(LATE);
  await expect(page.getByTestId('nav-error-errors')).toHaveCount(0);
  await page.keyboard.press('Alt+1');
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
});
