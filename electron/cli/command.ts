import type { Command } from 'commander';

/** Each CLI command lives in its own file under commands/ and adds itself to the program. */
export type RegisterCommand = (program: Command) => void;
