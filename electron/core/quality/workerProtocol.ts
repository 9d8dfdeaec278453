import type { ErrorCode } from '../../../shared/contract/errors.js';
import type { WorkerSourceSpec } from '../../../shared/quality/batchSource.js';
import type { PassPartial, PassPlan, SearchConfig } from '../../../shared/quality/passPlan.js';

/** Main thread → label-quality worker: run one pass over images [start, end). */
export interface WorkerRequest {
  readonly type: 'run';
  readonly taskIndex: number;
  /** Changes when the source changes, so a worker reopens it only then. */
  readonly sourceId: number;
  readonly source: WorkerSourceSpec;
  readonly config: SearchConfig;
  readonly plan: PassPlan;
  readonly start: number;
  readonly end: number;
  readonly tieQuota: number;
  readonly batchSize: number;
}

export type WorkerReply =
  | { readonly type: 'done'; readonly taskIndex: number; readonly partial: PassPartial }
  | { readonly type: 'failed'; readonly taskIndex: number; readonly code: ErrorCode; readonly message: string }
  | { readonly type: 'cancelled'; readonly taskIndex: number };
