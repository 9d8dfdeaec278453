import type { ImportFailureCode } from '../../../shared/contract/domain.js';

/** One file could not be imported (or its mask stored); the import records it and goes on. */
export class ImportFailureError extends Error {
  constructor(
    readonly code: ImportFailureCode,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'ImportFailureError';
  }
}

export function isImportFailure(error: unknown): error is ImportFailureError {
  return error instanceof ImportFailureError;
}
