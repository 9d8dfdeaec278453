import { InvalidArgumentError } from 'commander';

/** Option values shared by several commands; a bad value is refused by commander with this reason. */
export function wholeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number');
  return n;
}

export function modelId(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a model id, a whole number from 1 (see `faultline models list`)');
  return n;
}
