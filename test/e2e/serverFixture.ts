import { test as base } from '@playwright/test';
import { join } from 'node:path';
import { makeTempDir } from '../helpers/tempDir.js';
import { startServeProcess } from '../helpers/runCliProcess.js';

interface Served {
  url: string;
  temp: string;
}

/**
 * Each test gets its own `faultline serve` process with its own user data folder. A failed test
 * carries the server's output, so a server-side cause (a crash, a stall) is on record, not guessed.
 */
export const test = base.extend<{ served: Served }>({
  served: async ({}, use, testInfo) => {
    const temp = makeTempDir('faultline-e2e-');
    const server = await startServeProcess([], { ...process.env, FAULTLINE_HOME: join(temp.dir, 'home'), FAULTLINE_DEMO_SIZES: '24,8,24' });
    await use({ url: server.url, temp: temp.dir });
    const stopped = await server.stop(30_000);
    if (testInfo.status !== testInfo.expectedStatus || !stopped.clean) {
      const { stdout, stderr } = server.output();
      await testInfo.attach('server-output', { body: `exit: ${stopped.how}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`, contentType: 'text/plain' });
    }
    temp.cleanup();
    if (!stopped.clean) throw new Error(`faultline serve did not stop on SIGTERM (${stopped.how}); its output is attached`);
  },
});

export { expect } from '@playwright/test';
