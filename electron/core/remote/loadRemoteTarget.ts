import { readFile } from 'node:fs/promises';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { RemoteModelRow } from '../store/remoteModels.js';
import type { RemoteTarget } from './remoteTarget.js';

/** A call that gets no answer in this long is given up and retried (a 513² batch of 4 on a busy CPU server takes seconds, not minutes). */
export const REQUEST_TIMEOUT_MS = 120_000;

async function readSecret(path: string, what: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (error) {
    throw new FaultlineError('not_found', `Cannot read the ${what} ${path} (${(error as Error).message}); put it back or register the model again with another file.`);
  }
}

/** What workers need to reach a remote model: the token and CA files are read now, at the start of each run, so a rotated token is picked up. */
export async function loadRemoteTarget(remote: Pick<RemoteModelRow, 'servedName' | 'servedVersion' | 'endpoints' | 'tokenFile' | 'caFile' | 'binary'>): Promise<RemoteTarget> {
  const token = remote.tokenFile === null ? null : await readSecret(remote.tokenFile, 'bearer token file');
  const ca = remote.caFile === null ? null : await readSecret(remote.caFile, 'CA certificate file');
  return {
    endpoints: remote.endpoints.map((e) => ({ url: e.url, token, ca, timeoutMs: REQUEST_TIMEOUT_MS })),
    model: remote.servedName,
    version: remote.servedVersion,
    binary: remote.binary,
  };
}
