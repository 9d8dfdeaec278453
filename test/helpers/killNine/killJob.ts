import type { Database } from 'better-sqlite3';
import { createHash } from 'node:crypto';

/**
 * One long job of the CLI as the kill -9 harness drives it: how to build its project once, the
 * command to run on a copy, what can be watched while it runs, and what "whole" means for the
 * rows it writes.
 */
export interface KillJob {
  name: string;
  /** The seeded project and command, in words (for the bench's conditions). */
  about: string;
  /** Builds the project in `dir` (closed when it resolves); `inputs` is a folder outside it for files the command reads. */
  seed(dir: string, inputs: string): Promise<void>;
  /** The CLI arguments (after `faultline`) for the project in `dir`. */
  args(dir: string, inputs: string): string[];
  /** Work visible so far (files placed, rows committed): a count that only grows while the job runs. */
  progress(db: Database, dir: string): number;
  /** The job's result rows committed so far: 0 before its first commit. */
  committed(db: Database): number;
  /** Rows that look stored but are not whole, one line each. */
  halfWritten(db: Database, dir: string): string[];
  /** What a finished run leaves, in a form that compares equal whenever runs end alike. */
  finalState(db: Database, dir: string): unknown;
}

export function sha(bytes: Uint8Array | null | undefined): string | null {
  return bytes ? createHash('sha256').update(bytes).digest('hex').slice(0, 16) : null;
}
