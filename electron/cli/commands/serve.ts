import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { RegisterCommand } from '../command.js';
import { createCore, headlessHost } from '../../core/index.js';
import { isLoopbackHost } from '../../platform/securityPolicy.js';
import { loadOrCreateToken } from '../../server/persistentToken.js';
import { startServer } from '../../server/serveHost.js';
import { connect, followCall } from '../cliCore.js';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return port;
}

interface ServeFlags {
  project?: string;
  demo?: boolean;
  port: number;
  host: string;
  keepToken?: boolean;
}

export const registerServe: RegisterCommand = (program) => {
  program
    .command('serve')
    .description('Start the server host: the workstation in a browser, for labs, remote GPU boxes and tests.')
    .option('--project <folder>', 'open this project at start')
    .option('--demo', 'open the demo project at start')
    .option('--port <n>', 'port to listen on (0 picks a free one)', parsePort, 5170)
    .option('--host <addr>', 'address to bind; anything but loopback exposes the app to your network', '127.0.0.1')
    .option('--keep-token', 'reuse the token of the previous run (kept in the user data folder), so open tabs reconnect after a restart')
    .action(async (flags: ServeFlags) => {
      const core = createCore({ host: headlessHost('server') });
      const client = connect(core);
      if (flags.project) await client.call('project.open', { dir: resolve(flags.project) });
      else if (flags.demo) {
        await followCall(client, 'demo', () => client.call('project.openDemo'), { label: 'Preparing the demo project (built once, about a minute)' });
      }
      if (!isLoopbackHost(flags.host)) {
        process.stderr.write(
          `Warning: binding ${flags.host} makes Faultline reachable from other machines; anyone with the URL's token can use it.\n`,
        );
      }
      const server = await startServer({ core, port: flags.port, host: flags.host, ...(flags.keepToken ? { token: loadOrCreateToken(core.userDataDir) } : {}) });
      process.stdout.write(`Faultline is running at ${server.url}\n`);
      await new Promise<void>((resolveStop) => {
        const stop = (): void => resolveStop();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.close();
      await core.dispose();
    });
};
