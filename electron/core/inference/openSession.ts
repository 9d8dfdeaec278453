import * as ort from 'onnxruntime-node';
import type { ProviderFallback } from '../../../shared/contract/domain.js';
import type { SessionOpened, SessionSpec } from './workerProtocol.js';

// Failed provider loads are reported as fallbacks with their reason; ORT's own log would repeat them as noise.
ort.env.logLevel = 'fatal';

export class SessionLoadError extends Error {}

/**
 * Creates a session on the first candidate provider that loads the model. A model that no
 * provider can load fails with the last provider's reason (CPU's, under 'auto').
 */
export async function openSession(spec: SessionSpec & { idleThreadsSleep?: boolean }): Promise<SessionOpened & { session: ort.InferenceSession }> {
  const fallbacks: ProviderFallback[] = [];
  const config: Record<string, unknown> = {};
  // A model held as bytes has no folder of its own: without this, ORT refuses external data (or looks in the working folder).
  if (spec.externalDataDir !== undefined) config.model_external_initializers_file_folder_path = spec.externalDataDir;
  // ORT's pool threads spin between operators by default: on cores shared with the UI and the other worker that burns the time they need.
  if (spec.idleThreadsSleep) config.intra_op = { allow_spinning: '0' };
  for (const provider of spec.candidates) {
    try {
      const session = await ort.InferenceSession.create(spec.modelBytes, {
        executionProviders: [provider],
        intraOpNumThreads: spec.threads,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
        ...(Object.keys(config).length === 0 ? {} : { extra: { session: config } }),
      });
      return { session, provider, fallbacks };
    } catch (error) {
      fallbacks.push({ provider, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  const last = fallbacks[fallbacks.length - 1];
  throw new SessionLoadError(last ? last.reason : 'no execution provider to try');
}
