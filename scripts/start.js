// `npm start`: the desktop app where the Electron binary is installed, otherwise the server host
// in a browser. Extra arguments (e.g. --project DIR) are passed on.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electronBinary.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const electron = electronBinary();

const child = electron
  ? spawn(electron, [root, ...args], { stdio: 'inherit' })
  : (console.log(
      'The Electron binary is not installed here (it cannot be downloaded on this network), so Faultline starts its server host instead: open the URL below in a browser.',
    ),
    spawn(process.execPath, [fileURLToPath(new URL('../bin/faultline.js', import.meta.url)), 'serve', ...(args.length ? args : ['--demo'])], {
      stdio: 'inherit',
    }));

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
