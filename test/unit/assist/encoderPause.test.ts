import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EncoderPause, type StopSignal } from '../../../electron/core/assist/encoderPause.js';
import { makeTempDir } from '../../helpers/tempDir.js';

describe('the encoder held still while clicks come', () => {
  let sent: Array<[number, StopSignal]>;
  const signal = (pid: number, s: StopSignal) => void sent.push([pid, s]);
  beforeEach(() => {
    sent = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('stops the process at the first click and lets it go on once clicks have been quiet for a while', () => {
    const pause = new EncoderPause(signal, 1000, 'linux');
    pause.hold(42);
    expect(sent).toEqual([[42, 'SIGSTOP']]);
    vi.advanceTimersByTime(600);
    pause.hold(42);
    vi.advanceTimersByTime(600);
    // A click 600 ms after the first one put the release off: still held 1200 ms after the first.
    expect(sent).toEqual([[42, 'SIGSTOP']]);
    vi.advanceTimersByTime(400);
    expect(sent).toEqual([
      [42, 'SIGSTOP'],
      [42, 'SIGCONT'],
    ]);
  });

  it('lets the process go on at once when asked (before it is killed), and only once', () => {
    const pause = new EncoderPause(signal, 1000, 'linux');
    pause.hold(7);
    pause.release();
    pause.release();
    vi.advanceTimersByTime(5000);
    expect(sent).toEqual([
      [7, 'SIGSTOP'],
      [7, 'SIGCONT'],
    ]);
  });

  it('lets an earlier encoder go before holding a new one', () => {
    const pause = new EncoderPause(signal, 1000, 'linux');
    pause.hold(1);
    pause.hold(2);
    pause.release();
    expect(sent).toEqual([
      [1, 'SIGSTOP'],
      [1, 'SIGCONT'],
      [2, 'SIGSTOP'],
      [2, 'SIGCONT'],
    ]);
  });

  it('holds nothing on Windows, nor a process that is gone', () => {
    new EncoderPause(signal, 1000, 'win32').hold(3);
    expect(sent).toEqual([]);
    const gone = new EncoderPause(() => {
      throw Object.assign(new Error('kill ESRCH'), { code: 'ESRCH' });
    }, 1000, 'linux');
    expect(() => {
      gone.hold(4);
      vi.advanceTimersByTime(5000);
      gone.release();
    }).not.toThrow();
  });

  it.runIf(process.platform === 'linux')('lets a held process go when the host exits, so none stays stopped', async () => {
    vi.useRealTimers();
    const held = spawn('sleep', ['60'], { stdio: 'ignore' });
    const temp = makeTempDir();
    try {
      const script = join(temp.dir, 'host.mts');
      const module = pathToFileURL(fileURLToPath(new URL('../../../electron/core/assist/encoderPause.ts', import.meta.url))).href;
      writeFileSync(script, `import { EncoderPause } from '${module}';\nnew EncoderPause().hold(${held.pid});\nsetTimeout(() => { throw new Error('the host fails'); }, 100);\n`);
      const host = spawnSync(process.execPath, ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href, script], { encoding: 'utf8' });
      // The host died of its error, and the process it held goes on (state S, sleeping), not T.
      expect(host.status).not.toBe(0);
      expect(host.stderr).toContain('the host fails');
      expect(processState(held.pid!)).toBe('S');
    } finally {
      held.kill('SIGKILL');
      temp.cleanup();
    }
  });
});

/** A process's state letter (R running, S sleeping, T stopped), from /proc. */
function processState(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!;
}
