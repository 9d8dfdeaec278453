import { resolve } from 'node:path';
import { createDemoProject } from '../../core/index.js';
import { runCliJob } from '../cliJobContext.js';

export async function demo(folder: string, flags: { seed: number; oracle?: string; json?: boolean }): Promise<void> {
  const outcome = await runCliJob('Building the demo', (ctx) =>
    createDemoProject(resolve(folder), { seed: flags.seed, ...(flags.oracle ? { oracleDir: resolve(flags.oracle) } : {}) }, ctx),
  );
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
    return;
  }
  const total = Object.values(outcome.seconds).reduce((a, b) => a + b, 0);
  const lines = [
    `Demo project in ${outcome.projectDir} (${outcome.images} images), oracle in ${outcome.oracleDir}.`,
    ...outcome.models.map((m) => `  ${m.name.padEnd(16)} mIoU T0 ${m.testMiou.toFixed(3)}  pool ${m.poolMiou.toFixed(3)}${m.isTarget ? '  (target)' : ''}`),
    `Built in ${total.toFixed(1)} s (${Object.entries(outcome.seconds).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')}).`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
