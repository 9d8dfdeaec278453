import { RemoteError } from './v2Client.js';

/** Tries per call on one endpoint before it is given up for the run's other endpoints. */
export const ATTEMPTS = 4;
const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 2000;

/** Exponential back-off with full jitter (attempt 1 is the first retry), so replicas that restart are not hit in lockstep. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1))) + 1;
}

/** Runs `call`, retrying transient RemoteErrors with back-off; the last error (or a permanent one) is thrown. */
export async function withRetries<T>(call: () => Promise<T>, attempts = ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof RemoteError) || !error.transient || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
    }
  }
}
