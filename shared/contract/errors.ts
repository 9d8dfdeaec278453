import { z } from 'zod';

/** Every failure that crosses a transport carries one of these codes, so the UI and the CLI can say what to do. */
export const ErrorCode = z.enum([
  'invalid_input',
  'unknown_method',
  'no_project',
  'not_found',
  'not_a_project',
  'project_damaged',
  'project_newer',
  'project_locked',
  'project_exists',
  'not_writable',
  'read_only',
  'unsupported',
  'cancelled',
  /** A lab sign-in that is wrong, expired or revoked, or does not belong to the open project. */
  'not_signed_in',
  /** The signed-in person's roles do not allow this method. */
  'forbidden',
  /** Someone else holds the lease on this image; take another. */
  'leased',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const WireError = z.object({
  code: ErrorCode,
  message: z.string(),
});
export type WireError = z.infer<typeof WireError>;

export class FaultlineError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'FaultlineError';
    this.code = code;
  }

  toWire(): WireError {
    return { code: this.code, message: this.message };
  }

  static fromWire(error: WireError): FaultlineError {
    return new FaultlineError(error.code, error.message);
  }
}

export function isFaultlineError(value: unknown): value is FaultlineError {
  return value instanceof FaultlineError;
}
