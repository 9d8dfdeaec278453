/** A replica is given up for the rest of the run after this many failed batches in a row (each already retried). */
export const FAILURES_TO_GIVE_UP = 3;
const COOLDOWN_MS = 500;

interface EndpointState {
  limit: number;
  inFlight: number;
  failures: number;
  /** performance.now() before which no batch is sent there (after a failure). */
  downUntil: number;
}

/**
 * Hands batches to replicas: at most `limit` at once per replica, the least loaded first; a
 * replica that failed a batch rests for a back-off (doubling per failure in a row) and is given
 * up after FAILURES_TO_GIVE_UP; a success makes it whole again. `acquire` resolves null when
 * every replica has been given up: what is left waits for the next run.
 */
export class EndpointScheduler {
  private readonly endpoints: EndpointState[];
  private readonly waiting: Array<() => void> = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(limits: readonly number[]) {
    this.endpoints = limits.map((limit) => ({ limit: Math.max(1, limit), inFlight: 0, failures: 0, downUntil: 0 }));
  }

  async acquire(): Promise<number | null> {
    for (;;) {
      if (this.endpoints.every((e) => e.failures >= FAILURES_TO_GIVE_UP)) return null;
      const now = performance.now();
      let best = -1;
      for (const [i, e] of this.endpoints.entries()) {
        if (e.failures >= FAILURES_TO_GIVE_UP || e.downUntil > now || e.inFlight >= e.limit) continue;
        if (best < 0 || e.inFlight / e.limit < this.endpoints[best]!.inFlight / this.endpoints[best]!.limit) best = i;
      }
      if (best >= 0) {
        this.endpoints[best]!.inFlight++;
        return best;
      }
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        this.wakeAtNextRecovery(now);
      });
    }
  }

  /** Ends a batch on `endpoint`: `ok` false when the replica failed it. */
  release(endpoint: number, ok: boolean): void {
    const e = this.endpoints[endpoint]!;
    e.inFlight--;
    if (ok) e.failures = 0;
    else {
      e.failures++;
      e.downUntil = performance.now() + COOLDOWN_MS * 2 ** (e.failures - 1);
    }
    this.wakeAll();
  }

  /** Whether a replica is still in use (not given up). */
  usable(endpoint: number): boolean {
    return this.endpoints[endpoint]!.failures < FAILURES_TO_GIVE_UP;
  }

  private wakeAll(): void {
    for (const wake of this.waiting.splice(0)) wake();
  }

  /** Waiters also wake when the first resting replica may be tried again. */
  private wakeAtNextRecovery(now: number): void {
    if (this.timer !== null) return;
    const resting = this.endpoints.filter((e) => e.failures < FAILURES_TO_GIVE_UP && e.downUntil > now).map((e) => e.downUntil);
    if (resting.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.wakeAll();
    }, Math.min(...resting) - now);
  }
}
