import type { ExecutionProvider } from '../../../shared/contract/domain.js';

export interface PoolPlan {
  workers: number;
  /** onnxruntime intra-op threads per session. */
  threads: number;
}

/** Each worker holds its own copy of the session; past this, cores go to intra-op threads instead. */
const MAX_CPU_WORKERS = 8;

/**
 * On CPU, one worker per core (up to MAX_CPU_WORKERS) with workers × threads ≈ cores: batches
 * then run side by side without oversubscribing. On a GPU, two workers are enough to
 * post-process one batch while the device runs the next, and more would each hold their own
 * device context.
 */
export function planPool(cores: number, provider: ExecutionProvider, override: { workers?: number | undefined } = {}): PoolPlan {
  const available = Math.max(1, Math.floor(cores));
  if (override.workers !== undefined) {
    const workers = Math.max(1, Math.floor(override.workers));
    return { workers, threads: provider === 'cpu' ? Math.max(1, Math.floor(available / workers)) : 1 };
  }
  if (provider !== 'cpu') return { workers: 2, threads: 1 };
  const workers = Math.min(available, MAX_CPU_WORKERS);
  return { workers, threads: Math.max(1, Math.floor(available / workers)) };
}
