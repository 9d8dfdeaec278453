import { errorsJob } from './errorsJob.js';
import { importJob } from './importJob.js';
import { inferJob } from './inferJob.js';
import type { KillJob } from './killJob.js';
import { qualityJob } from './qualityJob.js';

/** The long jobs the kill -9 harness covers. */
export const KILL_JOBS: readonly KillJob[] = [importJob, inferJob, qualityJob, errorsJob];
