import type { SliceAlgorithmParams, SliceAnalysis, SliceData } from '../../../shared/slices/findSlices.js';
import { createWorker } from '../../platform/createWorker.js';

/** findSlices in a worker thread of its own, ended when it answers or the job is cancelled. */
export async function findSlicesOffThread(data: SliceData, params: SliceAlgorithmParams, signal?: AbortSignal): Promise<SliceAnalysis> {
  const worker = createWorker(import.meta.url, 'sliceWorker');
  try {
    return await new Promise<SliceAnalysis>((resolve, reject) => {
      const onAbort = (): void => reject(new Error('slice discovery was cancelled'));
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.once('message', (answer: { ok: true; analysis: SliceAnalysis } | { ok: false; message: string }) => {
        signal?.removeEventListener('abort', onAbort);
        if (answer.ok) resolve(answer.analysis);
        else reject(new Error(answer.message));
      });
      worker.once('error', reject);
      worker.postMessage({ data, params });
    });
  } finally {
    await worker.terminate();
  }
}
