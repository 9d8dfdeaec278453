/** How long clicks must stop before a held encoder goes on: a second without a click. */
export const CLICK_QUIET_MS = 1000;

export type StopSignal = 'SIGSTOP' | 'SIGCONT';

/**
 * Processes held now, across every EncoderPause: let go if the host exits (an uncaught error, a
 * normal quit), or they would stay stopped for ever. Only a host killed outright leaves one.
 */
const heldProcesses = new Map<number, EncoderPause>();
let exitHookInstalled = false;

function letGoOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pause of heldProcesses.values()) pause.release();
  });
}

/**
 * Holds the encoder's process still while the user clicks, and lets it go on once clicks have
 * stopped for `quietMs`: on two cores a prefetch behind the clicks, even niced, cost them a
 * third of their speed (every decoder step waits for its slowest thread, and a thread sharing its
 * core with the encoder is late). Stopping a whole process is safe anywhere, as killing it is;
 * POSIX only (SIGSTOP and SIGCONT), elsewhere the encoder runs on at its lower priority.
 */
export class EncoderPause {
  private held: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly signal: (pid: number, signal: StopSignal) => void = (pid, signal) => process.kill(pid, signal),
    private readonly quietMs: number = CLICK_QUIET_MS,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  /** A click came while process `pid` encodes: stops it until clicks have been quiet for a while. */
  hold(pid: number): void {
    if (this.platform === 'win32') return;
    if (this.held !== null && this.held !== pid) this.release();
    if (this.held === null) {
      letGoOnExit();
      if (!this.send(pid, 'SIGSTOP')) return;
      this.held = pid;
      heldProcesses.set(pid, this);
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.release(), this.quietMs);
  }

  /** Lets the held process go on now (clicks stopped, or it is about to be killed or let go). */
  release(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const pid = this.held;
    this.held = null;
    if (pid === null) return;
    heldProcesses.delete(pid);
    this.send(pid, 'SIGCONT');
  }

  /** False when the process is gone already (it ended, or was killed): nothing to hold. */
  private send(pid: number, signal: StopSignal): boolean {
    try {
      this.signal(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}
