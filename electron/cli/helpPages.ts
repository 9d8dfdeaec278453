import type { Command } from 'commander';

/** Commander's own width when stdout is not a terminal: the pages read the same in a pipe and a shell. */
const HELP_WIDTH = 80;

/** Where the build writes the pages, next to the CLI's compiled modules. */
export const HELP_PAGES_FILE = 'help.json';

/**
 * The help of the program and of every command under it, keyed by the command's path ('' for the
 * program, 'models add' for a subcommand). The build writes them from the command definitions so
 * `faultline --help` can print them without loading commander and every command's declaration.
 */
export function helpPages(program: Command): Record<string, string> {
  const pages: Record<string, string> = {};
  const visit = (command: Command, path: string[]): void => {
    command.configureOutput({ getOutHelpWidth: () => HELP_WIDTH, getOutHasColors: () => false });
    pages[path.join(' ')] = command.helpInformation();
    for (const sub of command.commands) visit(sub, [...path, sub.name()]);
  };
  visit(program, []);
  return pages;
}
