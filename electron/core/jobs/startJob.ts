import type { JobKind } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { JobResultInput } from '../../../shared/contract/jobResults.js';
import type { JobContext, JobRunner } from './jobRunner.js';

export interface StartJobOptions {
  /** Refuse while a job of one of these kinds runs (two would do the same work twice). */
  exclusiveOf?: readonly JobKind[];
  /** The refusal when one of them runs. */
  busy?: string;
}

/**
 * The one way a method starts a job. `prepare` checks everything that can be checked and returns
 * the plan synchronously, so a bad request is an error of the call and no job ever exists; `run`
 * then does the work with progress and cancel, and returns the kind's typed result.
 */
export function startJob<K extends JobKind, P>(
  jobs: JobRunner,
  kind: K,
  prepare: () => P,
  run: (plan: P, ctx: JobContext) => Promise<JobResultInput<K>>,
  options: StartJobOptions = {},
): { jobId: string; done: Promise<JobResultInput<K>>; plan: P } {
  const plan = prepare();
  const exclusive = options.exclusiveOf ?? [];
  if (jobs.list().some((j) => j.state === 'running' && exclusive.includes(j.kind))) {
    throw new FaultlineError('invalid_input', options.busy ?? `A ${kind} job is already running; wait for it or cancel it.`);
  }
  return { ...jobs.start(kind, (ctx) => run(plan, ctx)), plan };
}
