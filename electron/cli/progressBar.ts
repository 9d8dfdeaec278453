/**
 * A one-line progress display on stderr for long commands: a bar when the total is known, a
 * count otherwise, with the rate and time left. Silent when stderr is not a terminal, so logs
 * and pipes get only the final summary — except stage lines: with `logStages`, each new message
 * (a stage of a long build) is also written as a line of its own, terminal or not.
 */
export class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;
  private stage: string | undefined;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly unit = 'images',
    private readonly logStages = false,
  ) {}

  update(done: number, total: number | null, message?: string): void {
    const now = Date.now();
    if (this.logStages && message && message !== this.stage) {
      const first = this.stage === undefined;
      this.stage = message;
      this.stream.write(`${this.stream.isTTY ? '\r\x1b[2K' : ''}${first ? `${this.label}\n` : ''}  ${message} (at ${formatSeconds((now - this.started) / 1000)})\n`);
      this.drawn = false;
      this.lastDraw = 0;
    }
    if (!this.stream.isTTY) return;
    if (now - this.lastDraw < 100 && done !== total) return;
    this.lastDraw = now;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const parts = [this.label];
    if (total !== null && total > 0) {
      const width = 24;
      const filled = Math.round((done / total) * width);
      parts.push(`[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`);
      if (rate > 0 && done < total) parts.push(`ETA ${formatSeconds((total - done) / rate)}`);
    } else {
      parts.push(`${done}`);
    }
    if (rate > 0) parts.push(`${rate.toFixed(rate < 10 ? 1 : 0)} ${this.unit}/s`);
    if (message) parts.push(message);
    this.stream.write(`\r\x1b[2K${parts.join('  ')}`);
    this.drawn = true;
  }

  finish(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}

function formatSeconds(s: number): string {
  if (s < 60) return `${Math.ceil(s)}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${Math.round(s % 60)}s` : `${Math.floor(m / 60)}h${m % 60}m`;
}
