import { test as base } from '@playwright/test';
import { join } from 'node:path';
import { makeTempDir } from '../helpers/tempDir.js';
import { startServeProcess } from '../helpers/runCliProcess.js';

interface Served {
  url: string;
  temp: string;
}

/** Each test gets its own `faultline serve` process with its own user data folder. */
export const test = base.extend<{ served: Served }>({
  served: async ({}, use) => {
    const temp = makeTempDir('faultline-e2e-');
    const server = await startServeProcess([], { ...process.env, FAULTLINE_HOME: join(temp.dir, 'home'), FAULTLINE_DEMO_SIZES: '24,8,24' });
    await use({ url: server.url, temp: temp.dir });
    await server.stop();
    temp.cleanup();
  },
});

export { expect } from '@playwright/test';
