import { _electron as electron } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { electronBinary } from '../../scripts/electronBinary.js';
import { runCli } from '../helpers/runCliProcess.js';
import { expect, test } from './serverFixture.js';

const binary = electronBinary();
const root = fileURLToPath(new URL('../..', import.meta.url));
const SKIP_REASON =
  'Electron binary not installed (the optional electron package could not download it here); the desktop smoke test runs only where it exists.';
if (!binary) console.log(`Electron smoke test skipped: ${SKIP_REASON}`);

test.describe('Electron shell', () => {
  test.skip(!binary, SKIP_REASON);

  test('opens the window on a project through the preload bridge', async ({ served }) => {
    expect(runCli(['init', join(served.temp, 'electron-project')]).status).toBe(0);
    const app = await electron.launch({
      executablePath: binary!,
      args: [root, '--project', join(served.temp, 'electron-project')],
      env: { ...process.env, FAULTLINE_HOME: join(served.temp, 'home') },
    });
    const window = await app.firstWindow();
    await expect(window.getByTestId('transport')).toHaveText('Desktop');
    expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    await app.close();
  });
});
