import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker module `name` that sits beside `callerUrl`. Built code runs `name.js`; from
 * TypeScript sources (tests, tsx scripts) the worker gets the same loader so `name.ts` runs too.
 */
export function createWorker(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const fromSource = callerUrl.endsWith('.ts');
  const url = new URL(`./${name}.${fromSource ? 'ts' : 'js'}`, callerUrl);
  const execArgv = fromSource ? ['--import', pathToFileURL(createRequire(callerUrl).resolve('tsx/esm')).href] : [];
  return new Worker(url, { ...options, execArgv: [...execArgv, ...(options.execArgv ?? [])] });
}
