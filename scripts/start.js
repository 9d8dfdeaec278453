// `npm start`: rebuilds what changed, then opens the desktop app where the Electron binary is
// installed, otherwise the server host in a browser. Extra arguments (e.g. --project DIR) are passed on.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildIfChanged } from './buildIfChanged.js';
import { electronBinary } from './electronBinary.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);

console.log('Faultline: checking the build');
buildIfChanged(root);

const electron = electronBinary();
// The server host keeps its token and its open project in the user data folder, so a tab left open
// reconnects after a restart and carries on in the same project.
const serveArgs = ['serve', '--keep-token', '--resume', ...(args.length ? args : ['--demo'])];
const child = electron
  ? spawn(electron, [root, ...args], { stdio: 'inherit' })
  : (console.log(
      'The Electron binary is not installed here (it cannot be downloaded on this network), so Faultline starts its server host instead: open the URL below in a browser.',
    ),
    spawn(process.execPath, [fileURLToPath(new URL('../bin/faultline.js', import.meta.url)), ...serveArgs], { stdio: 'inherit' }));

// A Ctrl+C in the terminal reaches the child too; passing it on covers a signal sent to this process alone.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
