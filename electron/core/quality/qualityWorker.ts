import { parentPort, workerData } from 'node:worker_threads';
import { isFaultlineError } from '../../../shared/contract/errors.js';
import type { RangeSource, WorkerSourceSpec } from '../../../shared/quality/batchSource.js';
import { partialBuffers } from '../../../shared/quality/passPlan.js';
import { PassRunner } from '../../../shared/quality/passRunner.js';
import type { WorkerReply, WorkerRequest } from './workerProtocol.js';

/** Worker thread of QualityWorkerPool: runs pass tasks one at a time over a source it opens itself. */
const port = parentPort!;
const cancel = new Int32Array((workerData as { cancel: SharedArrayBuffer }).cancel);
let openSource: { id: number; source: Promise<RangeSource> } | null = null;
let queue = Promise.resolve();

async function sourceFor(id: number, spec: WorkerSourceSpec): Promise<RangeSource> {
  if (openSource?.id !== id) {
    if (openSource !== null) (await openSource.source).close?.();
    const module = (await import(spec.module)) as { openRangeSource: (params: unknown) => RangeSource | Promise<RangeSource> };
    openSource = { id, source: Promise.resolve(module.openRangeSource(spec.params)) };
  }
  return openSource.source;
}

async function run(request: WorkerRequest): Promise<WorkerReply> {
  const source = await sourceFor(request.sourceId, request.source);
  const runner = new PassRunner(request.config, request.plan, request.start, request.tieQuota);
  for await (const batch of source.batches(request.start, request.end, request.batchSize)) {
    if (Atomics.load(cancel, 0) === 1) return { type: 'cancelled', taskIndex: request.taskIndex };
    runner.add(batch);
  }
  return { type: 'done', taskIndex: request.taskIndex, partial: runner.finish() };
}

port.on('message', (request: WorkerRequest) => {
  queue = queue.then(async () => {
    let reply: WorkerReply;
    try {
      reply = await run(request);
    } catch (error) {
      reply = isFaultlineError(error)
        ? { type: 'failed', taskIndex: request.taskIndex, code: error.code, message: error.message }
        : { type: 'failed', taskIndex: request.taskIndex, code: 'internal', message: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply, reply.type === 'done' ? partialBuffers(reply.partial) : []);
  });
});
