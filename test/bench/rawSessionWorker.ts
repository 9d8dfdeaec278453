import * as ort from 'onnxruntime-node';
import { parentPort } from 'node:worker_threads';
import { openSession } from '../../electron/core/inference/openSession.js';

/**
 * The benchmark's ceiling: session.run alone on tensors the pipeline's preprocessing already
 * built, in a session opened exactly as the pool opens one.
 */
interface Init {
  type: 'init';
  modelBytes: Uint8Array;
  threads: number;
  inputName: string;
  outputName: string;
}
interface Run {
  type: 'run';
  batches: Array<{ data: Float32Array; dims: number[] }>;
}

const port = parentPort!;
let session: ort.InferenceSession | null = null;
let names = { input: '', output: '' };

port.on('message', async (message: Init | Run) => {
  if (message.type === 'init') {
    session = (await openSession({ modelBytes: message.modelBytes, candidates: ['cpu'], threads: message.threads })).session;
    names = { input: message.inputName, output: message.outputName };
    port.postMessage({ type: 'ready' });
    return;
  }
  const started = performance.now();
  for (const batch of message.batches) await session!.run({ [names.input]: new ort.Tensor('float32', batch.data, batch.dims) }, [names.output]);
  port.postMessage({ type: 'done', ms: performance.now() - started });
});
