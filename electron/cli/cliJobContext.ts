import { FaultlineError } from '../../shared/contract/errors.js';
import type { JobContext } from '../core/index.js';
import { ProgressBar } from './progressBar.js';

/** Runs core work from the CLI as a job would run in the app: progress on stderr, Ctrl+C cancels cleanly. */
export async function runCliJob<T>(label: string, work: (ctx: JobContext) => Promise<T>, unit = 'images'): Promise<T> {
  const controller = new AbortController();
  const bar = new ProgressBar(label, process.stderr, unit);
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  const ctx: JobContext = {
    signal: controller.signal,
    progress: (done, total, message) => bar.update(done, total, message),
    throwIfCancelled() {
      if (controller.signal.aborted) throw new FaultlineError('cancelled', `${label} was cancelled; what was finished is kept.`);
    },
  };
  try {
    return await work(ctx);
  } finally {
    bar.finish();
    process.off('SIGINT', onSigint);
  }
}
