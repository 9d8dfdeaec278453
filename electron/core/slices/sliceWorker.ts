import { parentPort } from 'node:worker_threads';
import { findSlices, type SliceAlgorithmParams, type SliceData } from '../../../shared/slices/findSlices.js';

/** Runs the pure slice pipeline (seconds on large pools) away from the thread that answers the UI. */
parentPort!.on('message', (request: { data: SliceData; params: SliceAlgorithmParams }) => {
  try {
    parentPort!.postMessage({ ok: true, analysis: findSlices(request.data, request.params) });
  } catch (error) {
    parentPort!.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
