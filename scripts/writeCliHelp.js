// Writes the CLI's help pages from its command definitions after `build:node` compiled them, so
// bin/faultline.js answers `--help` from one file instead of loading commander and every command.
import { writeFileSync } from 'node:fs';

const cliDist = new URL('../dist/electron/cli/', import.meta.url);
const { buildProgram } = await import(new URL('main.js', cliDist).href);
const { helpPages, HELP_PAGES_FILE } = await import(new URL('helpPages.js', cliDist).href);
writeFileSync(new URL(HELP_PAGES_FILE, cliDist), JSON.stringify(helpPages(buildProgram())));
