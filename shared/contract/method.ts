import { z } from 'zod';

export interface MethodSpec<I extends z.ZodType, O extends z.ZodType> {
  input: I;
  output: O;
  summary: string;
}

/** Declares one contract method: what it takes, what it returns, and a line for the docs. */
export function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string): MethodSpec<I, O> {
  return { input, output, summary };
}

export const Empty = z.object({}).strict();
export const Ok = z.object({ ok: z.literal(true) });

/** `/…` on POSIX, `C:\…` or `\\server\share` on Windows. */
const ABSOLUTE_PATH = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

/**
 * A path on the machine that runs the core. It must be absolute: a relative one would resolve
 * against the host process's working folder, which a client cannot see (the CLI resolves what
 * the user typed before it calls).
 */
export function AbsolutePath(what: string) {
  return z
    .string()
    .min(1, `${what} is required`)
    .refine((path) => ABSOLUTE_PATH.test(path), `${what} must be absolute (start with / or a drive letter)`)
    .refine((path) => !path.includes('\0'), `${what} may not contain a NUL character`);
}

/** Paths are absolute on the machine that runs the core; the renderer never touches them itself. */
export const DirPath = AbsolutePath('A folder path');
