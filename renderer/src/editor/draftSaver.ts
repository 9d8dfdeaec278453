/**
 * Debounced draft saving: a save starts `quietMs` after the last change, and never later than
 * `maxWaitMs` after the first unsaved one, so continuous painting still reaches the project
 * within that bound. One save runs at a time; changes made during a save schedule the next.
 */
export interface DraftSaverOptions {
  quietMs: number;
  maxWaitMs: number;
  save(): Promise<void>;
  onError(error: unknown): void;
  now?: () => number;
}

export class DraftSaver {
  private dirtySince: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private disposed = false;
  private suspended = false;
  private readonly now: () => number;

  constructor(private readonly options: DraftSaverOptions) {
    this.now = options.now ?? (() => Date.now());
  }

  /** True while changes wait to be saved or a save is running. */
  get pending(): boolean {
    return this.dirtySince !== null || this.running !== null;
  }

  markDirty(): void {
    if (this.disposed) return;
    const now = this.now();
    this.dirtySince ??= now;
    if (!this.running && !this.suspended) this.schedule(now);
  }

  /** Stops saving (before a submit replaces the draft) once any save in flight has finished. */
  async suspend(): Promise<void> {
    this.suspended = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.running) await this.running;
  }

  resume(): void {
    this.suspended = false;
    if (this.dirtySince !== null && !this.running) this.schedule(this.now());
  }

  /** Saves now if anything is unsaved (leaving the image, closing the page), after any save in flight. */
  async flush(): Promise<void> {
    if (this.running) await this.running;
    if (this.dirtySince !== null && !this.disposed) await this.run();
  }

  /** Stops for good; unsaved changes are dropped (a submit has just recorded them). */
  dispose(): void {
    this.disposed = true;
    this.dirtySince = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(now: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    const due = Math.min(now + this.options.quietMs, this.dirtySince! + this.options.maxWaitMs);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, Math.max(0, due - now));
  }

  private run(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.dirtySince = null;
    let failed = false;
    const running = this.options
      .save()
      .catch((error: unknown) => {
        // Still unsaved: kept marked so the next change or flush retries, without a retry loop
        // against a project that refuses writes.
        failed = true;
        this.dirtySince ??= this.now();
        this.options.onError(error);
      })
      .finally(() => {
        this.running = null;
        if (!failed && this.dirtySince !== null && !this.disposed && !this.suspended) this.schedule(this.now());
      });
    this.running = running;
    return running;
  }
}
