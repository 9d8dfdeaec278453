import * as ort from 'onnxruntime-node';
import type { ExecutionProvider, ProviderFallback } from '../../../shared/contract/domain.js';
import { RemoteRunner } from '../remote/remoteRunner.js';
import type { PredictionSource } from '../remote/remoteTarget.js';
import type { Tensor } from '../remote/v2Protocol.js';
import { openSession } from './openSession.js';
import type { SessionSpec } from './workerProtocol.js';

/** What runs a worker's tensors: an onnxruntime session here, or a model served over the Open Inference Protocol. */
export interface SessionRunner {
  provider: ExecutionProvider;
  fallbacks: ProviderFallback[];
  /** `endpoint`: which replica of a remote model the host chose for this batch (ignored locally). */
  run(input: Tensor, fetches: readonly string[], endpoint: number): Promise<{ outputs: Map<string, ort.Tensor>; source: PredictionSource | null }>;
  release(): Promise<void>;
}

/** The session a spec asks for; a remote one opens no connection until its first run. */
export async function openRunner(spec: SessionSpec): Promise<SessionRunner> {
  if (spec.remote) {
    const remote = new RemoteRunner(spec.remote);
    return {
      provider: 'remote',
      fallbacks: [],
      async run(input, fetches, endpoint) {
        const { outputs, source } = await remote.run([input], fetches, endpoint);
        return { outputs: new Map([...outputs].map(([name, t]) => [name, new ort.Tensor(t.type, t.data, t.dims)])), source };
      },
      release: () => Promise.resolve(remote.release()),
    };
  }
  const { session, provider, fallbacks } = await openSession(spec);
  return {
    provider,
    fallbacks,
    async run(input, fetches) {
      const result = await session.run({ [input.name]: new ort.Tensor(input.type, input.data, input.dims) }, [...fetches]);
      return { outputs: new Map(Object.entries(result)), source: null };
    },
    release: () => session.release(),
  };
}
