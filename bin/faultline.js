#!/usr/bin/env node
// Entry point for `npx faultline`. The CLI runs on the Node that ships as a devDependency (22.x);
// an older Node cannot load the SQLite binding, so say so plainly instead of crashing in it.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 14)) {
  console.error(
    `faultline needs Node 22.14 or newer (this is ${process.version}). Run it through npm (npx faultline, npm start), ` +
      'which uses the Node bundled in node_modules, or install Node 22.',
  );
  process.exit(1);
}
// `--version` answers from package.json alone: loading the CLI's modules would triple its start time.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { readFileSync } = await import('node:fs');
  console.log(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
  process.exit(0);
}
// Help answers from the pages `build:node` wrote from the command definitions (scripts/writeCliHelp.js)
// for the same reason. Anything else, or a build without them, goes to commander.
const help = helpRequest(args);
if (help) {
  const { readFileSync } = await import('node:fs');
  let pages = {};
  try {
    pages = JSON.parse(readFileSync(new URL('../dist/electron/cli/help.json', import.meta.url), 'utf8'));
  } catch {
    // Not built yet: commander below says so.
  }
  const page = pages[help.path];
  if (page !== undefined) {
    // As commander: help asked for goes to stdout; help for a bare `faultline` is an error on stderr.
    (help.error ? process.stderr : process.stdout).write(page);
    process.exit(help.error ? 1 : 0);
  }
}
const { runCli } = await import('../dist/electron/cli/main.js').catch((error) => {
  console.error('faultline is not built yet: run `npm install` (or `npm run build`) first.');
  console.error(String(error?.message ?? error));
  process.exit(1);
});
process.exitCode = await runCli(process.argv);

/** The command path whose help ARGS ask for (`--help`, `models add -h`, `help info`, nothing at all), or null. */
function helpRequest(args) {
  if (args.length === 0) return { path: '', error: true };
  // Commander's `help` takes one command name; more goes to commander, which answers as it does.
  if (args[0] === 'help') return args.length <= 2 ? { path: args.slice(1).join(' '), error: false } : null;
  const last = args[args.length - 1];
  if (last === '--help' || last === '-h') return { path: args.slice(0, -1).join(' '), error: false };
  return null;
}
