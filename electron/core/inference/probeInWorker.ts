import * as ort from 'onnxruntime-node';
import type { Prober } from '../models/importModel.js';
import type { RemoteProber } from '../models/addRemoteModel.js';
import { probeModel } from './inferencePool.js';
import { providerCandidates } from './providers.js';

/** The import's dry run, on the providers the request allows, in a worker thread. */
export const probeInWorker: Prober = (bytes, card, batch, provider, externalDataDir) =>
  probeModel({ modelBytes: bytes, externalDataDir, card, batch, threads: 1, candidates: providerCandidates(provider, process.platform, ort.listSupportedBackends()) });

/** The dry run of a remote model: the synthetic image goes through the worker's tensor code to the server's first replica. */
export const probeRemoteInWorker: RemoteProber = (target, card, batch) =>
  probeModel({ modelBytes: new Uint8Array(0), card, batch, threads: 1, candidates: ['remote'], remote: target });
