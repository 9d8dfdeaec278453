import { InvalidArgumentError } from 'commander';
import type { ProviderRequest } from '../../shared/contract/domain.js';
import { PROVIDER_REQUESTS } from '../../shared/contract/enumValues.js';

/** Option values shared by several commands; a bad value is refused by commander with this reason. */
export function wholeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number');
  return n;
}

/** A count from 1, e.g. --concurrency of `models add-remote`. */
export function positiveCount(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('expected a whole number from 1 to 64');
  return n;
}

export function modelId(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a model id, a whole number from 1 (see `faultline models list`)');
  return n;
}

/** --provider of `infer`, `models add` and `quality`. */
export function provider(value: string): ProviderRequest {
  const name = value.toLowerCase();
  const known = PROVIDER_REQUESTS.find((p) => p === name);
  if (known === undefined) throw new InvalidArgumentError('one of auto, cuda, dml (DirectML), coreml, cpu');
  return known;
}
