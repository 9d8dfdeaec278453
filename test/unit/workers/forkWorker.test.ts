import { fork } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ForkedWorker } from '../../../electron/platform/forkWorker.js';

describe('a worker in a process of its own', () => {
  it('ends, for its channel, when its process cannot start at all', async () => {
    const worker = new ForkedWorker(fork(import.meta.filename, [], { execPath: '/nonexistent/node', stdio: ['ignore', 'ignore', 'ignore', 'ipc'] }));
    const exits: number[] = [];
    worker.on('exit', (code: number) => exits.push(code));
    worker.on('error', () => undefined);
    expect(await worker.terminate()).toBe(1);
    expect(exits).toEqual([1]);
    expect(worker.pid).toBeUndefined();
  });

  it('is killed mid-work, and reports the signal as a shell does', async () => {
    const worker = new ForkedWorker(fork(import.meta.filename, [], { execArgv: ['-e', 'setInterval(() => {}, 1000)'], stdio: ['ignore', 'ignore', 'ignore', 'ipc'] }));
    expect(worker.pid).toEqual(expect.any(Number));
    // 128 + SIGKILL (9).
    expect(await worker.terminate()).toBe(137);
  });
});
