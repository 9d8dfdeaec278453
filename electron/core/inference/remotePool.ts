import type { ProviderFallback } from '../../../shared/contract/domain.js';
import { EndpointScheduler } from '../remote/endpointScheduler.js';
import type { RemoteTarget } from '../remote/remoteTarget.js';
import { InferencePool, type PoolSetup } from './inferencePool.js';
import type { BatchImage, RunResponse } from './workerProtocol.js';

/** Workers per batch slot are cheap (no session), but each decodes and post-processes: past this, more only crowd the cores. */
const MAX_REMOTE_WORKERS = 16;

/**
 * Runs a remote model's batches: workers decode, build the tensor and post-process exactly as for
 * a local session, and send the tensor to the replica the scheduler picks (its concurrency limit
 * kept). A batch a replica fails goes to another; when every replica has been given up, its
 * images are left for the next run (nothing is recorded against them), as a missing file is.
 */
export class RemotePool {
  readonly provider = 'remote' as const;
  readonly fallbacks: ProviderFallback[] = [];

  private constructor(
    private readonly pool: InferencePool,
    private readonly scheduler: EndpointScheduler,
    private readonly target: RemoteTarget,
  ) {}

  static async open(setup: Omit<PoolSetup, 'modelBytes' | 'candidates' | 'remote'>, target: RemoteTarget, concurrency: readonly number[]): Promise<RemotePool> {
    const workers = Math.min(MAX_REMOTE_WORKERS, concurrency.reduce((a, b) => a + b, 0));
    const pool = await InferencePool.open({ ...setup, modelBytes: new Uint8Array(0), candidates: ['remote'], remote: target }, () => ({ workers, threads: 1 }));
    return new RemotePool(pool, new EndpointScheduler(concurrency), target);
  }

  get size(): number {
    return this.pool.size;
  }

  async run(id: number, images: BatchImage[]): Promise<RunResponse> {
    let reason = 'no replica was reachable';
    for (;;) {
      const endpoint = await this.scheduler.acquire();
      if (endpoint === null) {
        return { type: 'result', id, results: images.map((image) => ({ imageId: image.imageId, retry: `${image.relPath}: ${reason}` })), runMs: 0, decodeMs: 0, workMs: 0, source: null };
      }
      let ok = false;
      try {
        const response = await this.pool.runOn(id, images, endpoint);
        if (response.type === 'result') {
          ok = true;
          return response;
        }
        reason = `every replica failed; last: ${response.message}`;
      } finally {
        this.scheduler.release(endpoint, ok);
      }
    }
  }

  /** The replicas' addresses, in the order the scheduler numbers them. */
  get endpoints(): string[] {
    return this.target.endpoints.map((e) => e.url);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
