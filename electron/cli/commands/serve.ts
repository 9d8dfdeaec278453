import { InvalidArgumentError } from 'commander';
import { lazyAction, type RegisterCommand } from '../command.js';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return port;
}

export const registerServe: RegisterCommand = (program) => {
  program
    .command('serve')
    .description('Start the server host: the workstation in a browser, for labs, remote GPU boxes and tests.')
    .option('--project <folder>', 'open this project at start')
    .option('--demo', 'open the demo project at start')
    .option('--port <n>', 'port to listen on (0 picks a free one)', parsePort, 5170)
    .option('--host <addr>', 'address to bind; anything but loopback exposes the app to your network', '127.0.0.1')
    .option('--resume', 'reopen the project that was open when the previous run stopped (before --demo; --project wins)')
    .option('--keep-token', 'reuse the token of the previous run (kept in the user data folder), so open tabs reconnect after a restart')
    .action(lazyAction(async () => (await import('../actions/serve.js')).serve));
};
