import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { JobContext } from '../jobs/jobRunner.js';
import { hasProjectDb } from '../store/projectFiles.js';
import { createDemoProject } from './createDemoProject.js';

export function demoPaths(userDataDir: string): { projectDir: string; oracleDir: string } {
  return { projectDir: join(userDataDir, 'demo-project'), oracleDir: join(userDataDir, 'demo-oracle') };
}

/**
 * World sizes for the demo; FAULTLINE_DEMO_SIZES="train,test,pool" makes a smaller one (tests
 * and quick trials use it). The default is the full demo: 300, 100 and 2 000 images.
 */
function sizesFromEnv(): { train: number; test: number; pool: number } | undefined {
  const raw = process.env.FAULTLINE_DEMO_SIZES;
  if (!raw) return undefined;
  const [train, test, pool] = raw.split(',').map(Number);
  if (![train, test, pool].every((n) => Number.isInteger(n) && n! > 0)) return undefined;
  return { train: train!, test: test!, pool: pool! };
}

/** The user's demo project, built on first use (about a minute), then reused. */
export async function ensureDemoProject(userDataDir: string, ctx?: JobContext): Promise<string> {
  const { projectDir, oracleDir } = demoPaths(userDataDir);
  if (hasProjectDb(projectDir)) return projectDir;
  // An oracle without its project is what a failed earlier build left behind.
  rmSync(oracleDir, { recursive: true, force: true });
  const sizes = sizesFromEnv();
  await createDemoProject(projectDir, { oracleDir, ...(sizes ? { sizes } : {}) }, ctx);
  return projectDir;
}
