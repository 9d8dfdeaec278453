import { Command, CommanderError } from 'commander';
import { APP_VERSION } from '../platform/packagePaths.js';
import { commands } from './commands/index.js';

/** Builds the program; exported so tests and the docs check can list every command. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('faultline')
    .description('Find where a semantic-segmentation model fails, and fix it. Every command works on a project folder.')
    .version(APP_VERSION)
    .exitOverride()
    .showHelpAfterError('(run `npx faultline --help` for the list of commands)');
  for (const register of commands) register(program);
  return program;
}

/** The line a failed command ends with: one clear sentence for errors users can hit, the stack otherwise. */
async function reportError(error: unknown): Promise<number> {
  // Loaded here, not at start: the error schemas need zod, which `--help` and `--version` never do.
  const [{ isFaultlineError }, { systemError }] = await Promise.all([import('../../shared/contract/errors.js'), import('../platform/systemErrors.js')]);
  const known = isFaultlineError(error) ? error : systemError(error);
  if (known) {
    process.stderr.write(`faultline: ${known.message}\n`);
    return 2;
  }
  process.stderr.write(`faultline: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}

/** Runs the CLI and returns the exit code; errors users can hit become one clear line on stderr. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    return reportError(error);
  }
}
