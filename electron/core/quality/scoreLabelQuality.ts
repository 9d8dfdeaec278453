import { FaultlineError } from '../../../shared/contract/errors.js';
import type { LabelQualitySource } from '../../../shared/quality/batchSource.js';
import type { LabelQualityResult } from '../../../shared/quality/labelIssueSearch.js';
import { LabelIssueSearch } from '../../../shared/quality/labelIssueSearch.js';
import type { PassPartial, PassPlan, SearchConfig } from '../../../shared/quality/passPlan.js';
import { PassRunner } from '../../../shared/quality/passRunner.js';
import type { SearchOptions } from '../../../shared/quality/searchConfig.js';
import { checkSoftminTemperature, searchConfig } from '../../../shared/quality/searchConfig.js';
import { DEFAULT_TEMPERATURE } from '../../../shared/quality/types.js';
import { QualityWorkerPool, splitImages } from './workerPool.js';

export interface QualityProgress {
  readonly pass: PassPlan['kind'];
  /** 1 for the first pass; a run has two to four. */
  readonly passNumber: number;
  readonly imagesDone: number;
  /** Null while the first pass over a source of unknown length is running. */
  readonly imageCount: number | null;
}

export interface ScoreLabelQualityOptions extends SearchOptions {
  /** Softmin image scores at this temperature (default 0.1); null skips them. */
  readonly softminTemperature?: number | null;
  /** Thresholds, issue estimate and flagged pixels (default true); false makes one pass only. */
  readonly findIssues?: boolean;
  /** Worker threads (default 1: the calling thread does the work). Needs `source.worker` above 1. */
  readonly workers?: number;
  /** A pool to reuse across runs instead of starting `workers` threads for this one. */
  readonly pool?: QualityWorkerPool;
  /** Images per batch when workers read the source themselves (default 8). */
  readonly batchSize?: number;
  /** Most cells the cutoff bucket may hold as candidates before an extra exact pass is used instead. */
  readonly candidateLimit?: number;
  readonly onProgress?: (progress: QualityProgress) => void;
  readonly signal?: AbortSignal;
}

const DEFAULT_CANDIDATE_LIMIT = 4_000_000;
const TASKS_PER_WORKER = 4;
let nextSourceId = 1;

/**
 * Confident-learning label quality over a stream of image batches: softmin image scores, per-class
 * confident thresholds, the estimated number of issues and the flagged pixels. Two to four passes over
 * the source, never holding more than one batch of probabilities per thread; the same result for any
 * batch size or worker count. Reports progress per batch (per task with workers) and stops at the next
 * batch when `signal` aborts, with a `cancelled` error.
 */
export async function scoreLabelQuality(source: LabelQualitySource, options: ScoreLabelQualityOptions = {}): Promise<LabelQualityResult> {
  const config = searchConfig(source.shape, options);
  const softminTemperature = options.softminTemperature === undefined ? DEFAULT_TEMPERATURE : options.softminTemperature;
  checkSoftminTemperature(softminTemperature);
  const search = new LabelIssueSearch(config, {
    softminTemperature,
    findIssues: options.findIssues ?? true,
    candidateLimit: options.candidateLimit ?? DEFAULT_CANDIDATE_LIMIT,
  });
  const workers = options.pool?.size ?? options.workers ?? 1;
  if (workers === 1 && options.pool === undefined) return runOnThisThread(search, config, source, options);
  if (source.worker === undefined || source.imageCount === undefined) {
    throw new FaultlineError('invalid_input', 'this source cannot be split across workers (it has no worker module or image count); use one worker');
  }
  const pool = options.pool ?? QualityWorkerPool.create(workers);
  try {
    return await runOnPool(search, config, source, pool, options);
  } finally {
    if (options.pool === undefined) await pool.close();
  }
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new FaultlineError('cancelled', 'label scoring was cancelled');
}

async function runOnThisThread(
  search: LabelIssueSearch,
  config: SearchConfig,
  source: LabelQualitySource,
  options: ScoreLabelQualityOptions,
): Promise<LabelQualityResult> {
  let passNumber = 0;
  let imageCount = source.imageCount ?? null;
  for (let plan = search.nextPlan(); plan !== null; plan = search.nextPlan()) {
    passNumber++;
    const runner = new PassRunner(config, plan, 0, plan.kind === 'select-exact' ? plan.tieQuotas[0]! : 0);
    let imagesDone = 0;
    for await (const batch of source.batches()) {
      checkAborted(options.signal);
      runner.add(batch);
      imagesDone += batch.labels.length / (config.H * config.W);
      options.onProgress?.({ pass: plan.kind, passNumber, imagesDone, imageCount });
      // Let timers, signals and abort handlers run between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    checkAborted(options.signal);
    search.merge([runner.finish()]);
    imageCount = imagesDone;
  }
  return search.result();
}

async function runOnPool(
  search: LabelIssueSearch,
  config: SearchConfig,
  source: LabelQualitySource,
  pool: QualityWorkerPool,
  options: ScoreLabelQualityOptions,
): Promise<LabelQualityResult> {
  const imageCount = source.imageCount!;
  const ranges = splitImages(imageCount, pool.size * TASKS_PER_WORKER);
  const sourceId = nextSourceId++;
  let passNumber = 0;
  for (let plan = search.nextPlan(); plan !== null; plan = search.nextPlan()) {
    passNumber++;
    const quotas = plan.kind === 'select-exact' ? plan.tieQuotas : null;
    const tasks = ranges.map((range, t) => ({ ...range, tieQuota: quotas?.[t] ?? 0 }));
    let imagesDone = 0;
    const { kind } = plan;
    const number = passNumber;
    const partials: PassPartial[] = await pool.runPass(
      { sourceId, source: source.worker!, config, plan, tasks, batchSize: options.batchSize ?? 8 },
      {
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        onTaskDone: (images) => {
          imagesDone += images;
          options.onProgress?.({ pass: kind, passNumber: number, imagesDone, imageCount });
        },
      },
    );
    search.merge(partials);
  }
  return search.result();
}
