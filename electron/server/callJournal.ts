import type { CallResult } from '../../shared/contract/wire.js';

export interface CallJournalLimits {
  /** Completed calls kept. */
  maxEntries: number;
  /** A client re-sends within its reconnect deadline (30 s); older answers are dropped. */
  maxAgeMs: number;
  /** Characters of answer JSON kept in all. */
  maxChars: number;
  /** Larger answers (images, masks: reads) are not kept; a retry of one runs again. */
  maxEntryChars: number;
}

export const DEFAULT_JOURNAL_LIMITS: CallJournalLimits = {
  maxEntries: 500,
  maxAgeMs: 5 * 60_000,
  maxChars: 32 * 1024 * 1024,
  maxEntryChars: 1024 * 1024,
};

interface Completed {
  readonly method: string;
  readonly json: string;
  readonly at: number;
}

interface Running {
  readonly method: string;
  readonly json: Promise<string>;
}

/**
 * Runs each request id at most once. A client re-sends an unanswered call under the same id after
 * its socket reconnects; the journal answers it from the first attempt: its cached answer if that
 * attempt finished, or the same promise if it is still running. So `rating.rate` or
 * `annotations.submit` cannot apply twice because an answer was lost on the way. Answers are kept
 * as JSON, the form they are sent in, so their size is known and they are not serialised twice.
 */
export class CallJournal {
  private readonly running = new Map<string, Running>();
  // Insertion order is completion order, so the oldest entries are at the front.
  private readonly completed = new Map<string, Completed>();
  private chars = 0;

  constructor(
    private readonly limits: CallJournalLimits = DEFAULT_JOURNAL_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The JSON of the call's result; `execute` runs only if this request id has no first attempt on
   * record. SCOPE names the caller, so one person's request id never finds another's answer.
   */
  run(requestId: string, method: string, execute: () => Promise<CallResult>, scope = ''): Promise<string> {
    this.expire();
    const key = `${scope}\u0000${requestId}`;
    const running = this.running.get(key);
    const completed = this.completed.get(key);
    const earlier = running ?? completed;
    if (earlier && earlier.method !== method) {
      const message = `Request id ${requestId} was already used for ${earlier.method}; each call needs its own.`;
      return Promise.resolve(JSON.stringify({ ok: false, error: { code: 'invalid_input', message } } satisfies CallResult));
    }
    if (running) return running.json;
    if (completed) return Promise.resolve(completed.json);
    const json = execute().then((result) => JSON.stringify(result));
    this.running.set(key, { method, json });
    json.then(
      (done) => {
        this.running.delete(key);
        this.remember(key, { method, json: done, at: this.now() });
      },
      () => this.running.delete(key),
    );
    return json;
  }

  get size(): number {
    return this.completed.size;
  }

  private remember(requestId: string, entry: Completed): void {
    if (entry.json.length > this.limits.maxEntryChars) return;
    this.completed.set(requestId, entry);
    this.chars += entry.json.length;
    while (this.completed.size > this.limits.maxEntries || this.chars > this.limits.maxChars) this.dropOldest();
  }

  private expire(): void {
    const cutoff = this.now() - this.limits.maxAgeMs;
    for (const entry of this.completed.values()) {
      if (entry.at > cutoff) return;
      this.dropOldest();
    }
  }

  private dropOldest(): void {
    const oldest = this.completed.entries().next();
    if (oldest.done) return;
    this.completed.delete(oldest.value[0]);
    this.chars -= oldest.value[1].json.length;
  }
}
