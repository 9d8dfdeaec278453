/**
 * Active editing time: the gaps between consecutive editing events, each counted only when it is
 * shorter than `idleMs`, so a coffee break with the image open adds nothing.
 */
export class ActiveTimer {
  private last: number | null = null;

  constructor(
    private total = 0,
    private readonly idleMs = 30_000,
  ) {}

  get totalMs(): number {
    return Math.round(this.total);
  }

  touch(now: number): void {
    if (this.last !== null) {
      const gap = now - this.last;
      if (gap > 0 && gap <= this.idleMs) this.total += gap;
    }
    this.last = now;
  }

  /** Starts counting afresh (after a submit): the next version's time begins at zero. */
  reset(): void {
    this.total = 0;
    this.last = null;
  }
}
