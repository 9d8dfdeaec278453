import { resolve } from 'node:path';
import { createCore, headlessHost } from '../../core/index.js';
import { isLoopbackHost } from '../../platform/securityPolicy.js';
import { loadOrCreateToken } from '../../server/persistentToken.js';
import { startServer } from '../../server/serveHost.js';
import { connect, followCall } from '../cliCore.js';

export interface ServeFlags {
  project?: string;
  demo?: boolean;
  port: number;
  host: string;
  keepToken?: boolean;
}

export async function serve(flags: ServeFlags): Promise<void> {
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
}
