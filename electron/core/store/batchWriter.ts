import type { Db } from './openProjectDb.js';

export interface BatchWriterOptions<T> {
  /** Rows per transaction. */
  batchSize?: number;
  /** A batch older than this is written on the next add, so slow producers still commit steadily. */
  maxDelayMs?: number;
  /** Called after a batch has committed (not when it rolled back). */
  afterCommit?: (items: readonly T[]) => void;
}

/**
 * Collects rows from long work (import, inference) and writes them in one transaction per batch:
 * one fsync per batch instead of per row, and at most one batch held in memory. better-sqlite3 is
 * synchronous, so a full batch is written inside `add` and no backpressure is needed.
 */
export class BatchWriter<T> {
  private pending: T[] = [];
  private oldest = 0;
  private committed = 0;
  private readonly batchSize: number;
  private readonly maxDelayMs: number;
  private readonly writeInTransaction: (items: readonly T[]) => void;

  constructor(
    db: Db,
    write: (items: readonly T[]) => void,
    private readonly options: BatchWriterOptions<T> = {},
  ) {
    this.batchSize = Math.max(1, options.batchSize ?? 200);
    this.maxDelayMs = options.maxDelayMs ?? 1000;
    this.writeInTransaction = db.transaction((items: readonly T[]) => write(items));
  }

  /** Rows waiting for the next transaction. */
  get size(): number {
    return this.pending.length;
  }

  /** Rows written by committed transactions so far. */
  get written(): number {
    return this.committed;
  }

  add(item: T): void {
    if (this.pending.length === 0) this.oldest = Date.now();
    this.pending.push(item);
    if (this.pending.length >= this.batchSize || Date.now() - this.oldest >= this.maxDelayMs) this.flush();
  }

  /** Writes what is pending in one transaction; on failure the rows stay pending and the error is rethrown. */
  flush(): number {
    if (this.pending.length === 0) return 0;
    const items = this.pending;
    this.pending = [];
    try {
      this.writeInTransaction(items);
    } catch (error) {
      this.pending = items.concat(this.pending);
      throw error;
    }
    this.committed += items.length;
    this.options.afterCommit?.(items);
    return items.length;
  }
}
