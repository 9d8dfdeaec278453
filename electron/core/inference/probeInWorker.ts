import * as ort from 'onnxruntime-node';
import type { Prober } from '../models/importModel.js';
import { probeModel } from './inferencePool.js';
import { providerCandidates } from './providers.js';

/** The import's dry run, on the providers the request allows, in a worker thread. */
export const probeInWorker: Prober = (bytes, card, batch, provider, externalDataDir) =>
  probeModel({ modelBytes: bytes, externalDataDir, card, batch, threads: 1, candidates: providerCandidates(provider, process.platform, ort.listSupportedBackends()) });
