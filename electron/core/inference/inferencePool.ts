import type { ExecutionProvider, ProviderFallback } from '../../../shared/contract/domain.js';
import type { ModelCard } from '../../../shared/models/modelCard.js';
import { createWorker } from '../../platform/createWorker.js';
import { withGraphOutputs } from '../models/graphOutputs.js';
import { WorkerChannel } from '../workers/workerChannel.js';
import type { PoolPlan } from './poolPlan.js';
import type {
  BatchImage,
  InitRequest,
  PreviewRequest,
  PreviewResponse,
  ProbeRequest,
  ProbeResponse,
  ReadyResponse,
  RunResponse,
  ScoresResponse,
  UnavailableResponse,
  WorkerRequest,
  WorkerResponse,
} from './workerProtocol.js';

export class WorkerFailure extends Error {
  constructor(
    readonly stage: 'load' | 'run',
    message: string,
  ) {
    super(message);
  }
}

/** One inference worker, one request at a time. */
type InferenceChannel = WorkerChannel<WorkerRequest, WorkerResponse>;

function inferenceChannel(): InferenceChannel {
  return new WorkerChannel(createWorker(import.meta.url, 'inferenceWorker'), 'inference worker');
}

function expectResponse<T extends WorkerResponse['type']>(response: WorkerResponse, type: T): Extract<WorkerResponse, { type: T }> {
  if (response.type === 'failed') throw new WorkerFailure(response.stage, response.message);
  if (response.type !== type) throw new Error(`inference worker answered ${response.type}, expected ${type}`);
  return response as Extract<WorkerResponse, { type: T }>;
}

/** One request in a worker of its own, closed after it, so a slow model never blocks the host. */
async function oneOff<T extends WorkerResponse['type']>(request: WorkerRequest, type: T): Promise<Extract<WorkerResponse, { type: T }>> {
  const channel = inferenceChannel();
  try {
    return expectResponse(await channel.request(request), type);
  } finally {
    await channel.retire();
  }
}

/**
 * The session's model: the graph as given, with the card's embedding tensor declared as an
 * output when it is an intermediate (the worker fetches it with every run). Every session the
 * workers open gets its bytes from here.
 */
function withCardOutputs<T extends { modelBytes: Uint8Array; card: ModelCard; remote?: unknown }>(spec: T): T {
  // A served model's graph is the server's: the embedding must be one of its declared outputs (checked at registration).
  return spec.card.embedding && !spec.remote ? { ...spec, modelBytes: withGraphOutputs(spec.modelBytes, [spec.card.embedding.tensorName]) } : spec;
}

/** The dry run of an import. */
export function probeModel(request: Omit<ProbeRequest, 'type'>): Promise<ProbeResponse> {
  return oneOff({ type: 'probe', ...withCardOutputs(request) }, 'probed');
}

/** A model run on one image before it is registered. */
export function previewOnce(request: Omit<PreviewRequest, 'type'>): Promise<PreviewResponse> {
  return oneOff({ type: 'preview', ...withCardOutputs(request) }, 'previewed');
}

export type PoolSetup = Omit<InitRequest, 'type' | 'threads'>;

/**
 * Worker threads each holding a session of one model. The first worker settles the provider
 * (trying the candidates in order); the others open theirs on the same one.
 */
export class InferencePool {
  private readonly idle: InferenceChannel[] = [];
  private readonly waiting: Array<{ resolve(channel: InferenceChannel): void; reject(error: Error): void }> = [];

  private constructor(
    private readonly channels: InferenceChannel[],
    readonly provider: ExecutionProvider,
    readonly fallbacks: ProviderFallback[],
  ) {
    this.idle.push(...channels);
  }

  /** `planFor` sizes the pool for a provider: the first worker uses the first candidate's plan, the rest the settled provider's. */
  static async open(given: PoolSetup, planFor: (provider: ExecutionProvider) => PoolPlan): Promise<InferencePool> {
    const setup = withCardOutputs(given);
    const first = inferenceChannel();
    const channels = [first];
    try {
      const firstPlan = planFor(setup.candidates[0] ?? 'cpu');
      const ready: ReadyResponse = expectResponse(await first.request({ type: 'init', ...setup, threads: firstPlan.threads }), 'ready');
      const plan = planFor(ready.provider);
      const rest = Array.from({ length: plan.workers - 1 }, () => inferenceChannel());
      channels.push(...rest);
      await Promise.all(
        rest.map(async (channel) => expectResponse(await channel.request({ type: 'init', ...setup, candidates: [ready.provider], threads: plan.threads }), 'ready')),
      );
      return new InferencePool(channels, ready.provider, ready.fallbacks);
    } catch (error) {
      // The other workers may still be loading the model.
      await Promise.all(channels.map((c) => c.retire()));
      throw error;
    }
  }

  get size(): number {
    return this.channels.length;
  }

  /** Runs one batch on the next free worker. */
  async run(id: number, images: BatchImage[]): Promise<RunResponse> {
    const channel = await this.acquire();
    try {
      return expectResponse(await channel.request({ type: 'run', id, images }), 'result');
    } finally {
      this.release(channel);
    }
  }

  /** Runs one batch of a remote model on the next free worker, sent to replica `endpoint`; 'unavailable' when that replica failed it. */
  async runOn(id: number, images: BatchImage[], endpoint: number): Promise<RunResponse | UnavailableResponse> {
    const channel = await this.acquire();
    try {
      const response = await channel.request({ type: 'run', id, images, endpoint });
      return response.type === 'unavailable' ? response : expectResponse(response, 'result');
    } finally {
      this.release(channel);
    }
  }

  /** Runs one batch on the next free worker for its class probabilities (label-quality scoring). */
  async scores(id: number, images: BatchImage[]): Promise<ScoresResponse> {
    const channel = await this.acquire();
    try {
      return expectResponse(await channel.request({ type: 'scores', id, images }), 'scores');
    } finally {
      this.release(channel);
    }
  }

  /**
   * Refuses every later batch; resolves when every worker has ended, each after the batch it is
   * running (never ended mid-run: see WorkerChannel.retire). A batch still waiting for a worker fails.
   */
  async close(): Promise<void> {
    await Promise.all(this.channels.map((c) => c.retire()));
  }

  private acquire(): Promise<InferenceChannel> {
    const channel = this.idle.pop();
    if (channel) return Promise.resolve(channel);
    if (!this.channels.some((c) => c.alive)) return Promise.reject(new Error('every inference worker has stopped'));
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(channel: InferenceChannel): void {
    if (!channel.alive) {
      if (!this.channels.some((c) => c.alive)) for (const w of this.waiting.splice(0)) w.reject(new Error('every inference worker has stopped'));
      return;
    }
    const next = this.waiting.shift();
    if (next) next.resolve(channel);
    else this.idle.push(channel);
  }
}
