import type { Command } from 'commander';

/** Each CLI command lives in its own file under commands/ and adds itself to the program. */
export type RegisterCommand = (program: Command) => void;

/**
 * A command's action, loaded from actions/ only when the command runs: the declarations under
 * commands/ load commander and nothing else, so `--help` and `--version` answer without loading
 * the core, its schemas or the native runtimes.
 */
export function lazyAction<A extends unknown[]>(load: () => Promise<(...args: A) => Promise<void>>): (...args: A) => Promise<void> {
  return async (...args) => (await load())(...args);
}
