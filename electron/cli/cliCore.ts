import { resolve } from 'node:path';
import { createClient, type Client } from '../../shared/client/createClient.js';
import type { Transport } from '../../shared/client/transport.js';
import type { JobKind, ProjectInfo } from '../../shared/contract/domain.js';
import { FaultlineError } from '../../shared/contract/errors.js';
import type { JobOutcome, JobResult } from '../../shared/contract/jobResults.js';
import { createCore, headlessHost, type Core } from '../core/index.js';
import { ProgressBar } from './progressBar.js';

/**
 * The core as one CLI command sees it: a client of the contract over an in-process transport.
 * A failure the core could not classify ('internal') becomes a plain error, so the command ends
 * with exit code 1 and the "unexpected error" line, as when the CLI called the code itself.
 */
function cliTransport(core: Core): Transport {
  return {
    kind: 'in-process',
    async invoke(method, input) {
      const result = await core.call(method, input);
      if (!result.ok && result.error.code === 'internal') throw new Error(result.error.message);
      return result;
    },
    subscribe: (listener) => core.subscribe(listener),
    fileUrl: (relPath) => relPath,
  };
}

/** A typed client of a core this process created. */
export function connect(core: Core): Client {
  return createClient(cliTransport(core));
}

/** Creates the core with a headless host for one command and always disposes of it (running jobs cancelled, project closed). */
export async function withCore<T>(work: (client: Client, core: Core) => Promise<T>): Promise<T> {
  const core = createCore({ host: headlessHost('in-process'), listRecent: false });
  try {
    return await work(connect(core), core);
  } finally {
    await core.dispose();
  }
}

/** Opens the project in FOLDER (read-only where the command only reads) for one command; the lock never outlives it. */
export async function withProject<T>(folder: string, options: { readOnly?: boolean }, work: (client: Client, project: ProjectInfo) => Promise<T>): Promise<T> {
  return withCore(async (client) => work(client, await client.call('project.open', { dir: resolve(folder), readOnly: options.readOnly ?? false })));
}

/** The largest page a listing method gives. */
const PAGE = 500;

/** The items of a paged listing, fetched a page at a time so a long listing is never held at once. */
export async function* eachItem<T>(page: (offset: number, limit: number) => Promise<{ items: T[] }>): AsyncGenerator<T> {
  for (let offset = 0; ; offset += PAGE) {
    const { items } = await page(offset, PAGE);
    yield* items;
    if (items.length < PAGE) return;
  }
}

/** Every item of a paged listing. */
export async function allPages<T>(page: (offset: number, limit: number) => Promise<{ items: T[] }>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of eachItem(page)) all.push(item);
  return all;
}

export interface JobDisplay {
  /** Shown before the bar, and in the message of a cancelled job. */
  label: string;
  /** What the bar counts (images, steps, …). */
  unit?: string;
  /** Also write each stage (each new progress message) as a line of its own, for builds that run for minutes. */
  stages?: boolean;
}

/** The typed result of a job that ended, or the error a failed or cancelled job stands for. */
export function jobResult<K extends JobKind>(outcome: JobOutcome, kind: K, label: string): JobResult<K> {
  if (outcome.kind !== kind) throw new Error(`Job ${outcome.jobId} is a ${outcome.kind} job, not ${kind}.`);
  if (outcome.state === 'failed') {
    const error = outcome.error ?? { code: 'internal' as const, message: `${label} failed.` };
    throw error.code === 'internal' ? new Error(error.message) : FaultlineError.fromWire(error);
  }
  if (outcome.result === null) throw new FaultlineError('cancelled', `${label} was cancelled; what was finished is kept.`);
  return outcome.result as JobResult<K>;
}

/**
 * Starts a job through its method and follows it as the app does: `job.progress` events draw the
 * bar on stderr, Ctrl+C asks the core to cancel (`jobs.cancel`), and `jobs.wait` gives the typed
 * result. A job cancelled with a partial result (import, inference) returns it; one without
 * throws a `cancelled` error.
 */
export async function runJob<K extends JobKind>(client: Client, kind: K, start: () => Promise<{ jobId: string }>, display: JobDisplay): Promise<JobResult<K>> {
  const bar = new ProgressBar(display.label, process.stderr, display.unit ?? 'images');
  let jobId: string | null = null;
  let cancelAsked = false;
  const cancel = (): void => {
    cancelAsked = true;
    if (jobId !== null) void client.call('jobs.cancel', { jobId });
  };
  const off = client.on('job.progress', (event) => {
    if (event.jobId === jobId) bar.update(event.done, event.total, event.message);
  });
  process.once('SIGINT', cancel);
  try {
    jobId = (await start()).jobId;
    if (cancelAsked) await client.call('jobs.cancel', { jobId });
    return jobResult(await client.call('jobs.wait', { jobId }), kind, display.label);
  } finally {
    bar.finish();
    off();
    process.off('SIGINT', cancel);
  }
}

/**
 * Runs a call that starts a job of KIND and answers only when it has ended (`project.openDemo`),
 * following that job as `runJob` does: the bar on stderr, Ctrl+C cancels it.
 */
export async function followCall<T>(client: Client, kind: JobKind, call: () => Promise<T>, display: JobDisplay): Promise<T> {
  const bar = new ProgressBar(display.label, process.stderr, display.unit ?? 'images', display.stages ?? false);
  const off = client.on('job.progress', (event) => {
    if (event.kind === kind) bar.update(event.done, event.total, event.message);
  });
  const cancel = (): void => {
    void client.call('jobs.list').then((jobs) => {
      for (const job of jobs) if (job.kind === kind && job.state === 'running') void client.call('jobs.cancel', { jobId: job.jobId });
    });
  };
  process.once('SIGINT', cancel);
  try {
    return await call();
  } catch (error) {
    if (error instanceof FaultlineError && error.code === 'cancelled') throw new FaultlineError('cancelled', `${display.label} was cancelled; what was finished is kept.`);
    throw error;
  } finally {
    bar.finish();
    off();
    process.off('SIGINT', cancel);
  }
}
