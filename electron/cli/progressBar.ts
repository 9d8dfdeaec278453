/**
 * A one-line progress display on stderr for long commands: a bar when the total is known, a
 * count otherwise, with the rate and time left. Silent when stderr is not a terminal, so logs
 * and pipes get only the final summary.
 */
export class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly unit = 'images',
  ) {}

  update(done: number, total: number | null, message?: string): void {
    if (!this.stream.isTTY) return;
    const now = Date.now();
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
