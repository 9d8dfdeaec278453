import { utilityProcess, type UtilityProcess } from 'electron';
import type { LaunchWorkerProcess, WorkerProcess } from '../platform/forkWorker.js';

/** An Electron utility process as a WorkerProcess: the packaged app can't fork Node itself (its runAsNode fuse is off). */
class UtilityWorker implements WorkerProcess {
  private readonly ended: Promise<number>;

  constructor(private readonly child: UtilityProcess) {
    this.ended = new Promise((resolve) => child.once('exit', resolve));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  on(event: 'message' | 'error' | 'exit', listener: (...args: never[]) => void): this {
    const call = listener as (...args: unknown[]) => void;
    // A utility process reports a crash by its exit code; it has no 'error' event of a thread's kind.
    if (event === 'message') this.child.on('message', call);
    else if (event === 'exit') this.child.on('exit', call);
    return this;
  }

  postMessage(message: unknown): void {
    this.child.postMessage(message);
  }

  terminate(): Promise<number> {
    this.child.kill();
    return this.ended;
  }
}

export const launchUtilityProcess: LaunchWorkerProcess = (file) => new UtilityWorker(utilityProcess.fork(file, [], { serviceName: 'Faultline worker', stdio: 'inherit' }));
