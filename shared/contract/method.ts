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

/** Paths are absolute on the machine that runs the core; the renderer never touches them itself. */
export const DirPath = z.string().min(1, 'A folder path is required');
