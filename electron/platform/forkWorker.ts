import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { constants as osConstants } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * A worker module run in a process of its own, with a worker thread's face (postMessage, the
 * 'message', 'error' and 'exit' events, terminate) so a WorkerChannel can hold either. For work
 * that must stop at once when asked: a thread can't be ended inside a native call (onnxruntime
 * aborts the whole app when the call returns), a process can be killed anywhere and gives all
 * its memory and threads back.
 */
export interface WorkerProcess {
  /** The process's id while it runs (to signal it), undefined when it could not start. */
  readonly pid: number | undefined;
  /** 'message' (the worker's message), 'error' (an Error) and 'exit' (the exit code), as a worker thread has them. */
  on(event: 'message' | 'error' | 'exit', listener: (...args: never[]) => void): unknown;
  /** Sends a structured clone (typed arrays included); nothing is transferred between processes. */
  postMessage(message: unknown): void;
  /** Kills the process, mid-call too; resolves with its exit code once it is gone. */
  terminate(): Promise<number>;
}

/** Starts the worker module `file` (with Node's `execArgv`) in a process of its own: Node's child process, or the Electron app's utility process. */
export type LaunchWorkerProcess = (file: string, execArgv: string[]) => WorkerProcess;

/** A child process started by Node's fork, as a WorkerProcess. */
export class ForkedWorker implements WorkerProcess {
  private readonly ended: Promise<number>;
  private readonly exitListeners: Array<(code: number) => void> = [];

  constructor(private readonly child: ChildProcess) {
    this.ended = new Promise((resolve) => {
      const ended = (exitCode: number): void => {
        for (const listener of this.exitListeners.splice(0)) listener(exitCode);
        resolve(exitCode);
      };
      // A killed process has no exit code; 128 + its signal, as a shell reports it.
      child.on('exit', (code, signal) => ended(code ?? 128 + (signal ? osConstants.signals[signal] : 0)));
      // A process that could not start reports only an error: it has ended all the same.
      child.on('error', () => {
        if (child.pid === undefined) ended(1);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  on(event: 'message' | 'error' | 'exit', listener: (...args: never[]) => void): this {
    const call = listener as (...args: unknown[]) => void;
    if (event === 'exit') this.exitListeners.push(call);
    else this.child.on(event, call);
    return this;
  }

  postMessage(message: unknown): void {
    if (this.child.connected) this.child.send(message as never);
  }

  terminate(): Promise<number> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    return this.ended;
  }
}

/** Node's own child process (the server, the CLI, tests); the Electron app passes its utility processes instead (main/utilityWorker.ts). */
export const launchNodeProcess: LaunchWorkerProcess = (file, execArgv) =>
  new ForkedWorker(fork(file, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));

/**
 * Starts the worker module `name` beside `callerUrl` in a process of its own. Built code runs
 * `name.js`; from TypeScript sources (tests, tsx scripts) the process gets tsx's loader so
 * `name.ts` runs too.
 */
export function forkWorker(launch: LaunchWorkerProcess, callerUrl: string, name: string): WorkerProcess {
  const fromSource = callerUrl.endsWith('.ts');
  const file = fileURLToPath(new URL(`./${name}.${fromSource ? 'ts' : 'js'}`, callerUrl));
  const execArgv = fromSource ? ['--import', pathToFileURL(createRequire(callerUrl).resolve('tsx/esm')).href] : [];
  return launch(file, execArgv);
}
