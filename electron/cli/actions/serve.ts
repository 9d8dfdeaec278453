import { resolve } from 'node:path';
import { createCore, headlessHost } from '../../core/index.js';
import { isLoopbackHost } from '../../platform/securityPolicy.js';
import { type LastProject, readLastProject, writeLastProject } from '../../server/lastProject.js';
import { loadOrCreateToken } from '../../server/persistentToken.js';
import { startServer } from '../../server/serveHost.js';
import { connect, followCall } from '../cliCore.js';

export interface ServeFlags {
  project?: string;
  demo?: boolean;
  port: number;
  host: string;
  keepToken?: boolean;
  resume?: boolean;
}

/** Where a newcomer begins on the demo: the first steps of the README's demo workflow. */
const DEMO_HINT = [
  'Where to begin: the demo project is open, every image predicted and every model scored on T0.',
  '  1. Mining (Alt+3): Run MAD to find the pool images the models disagree on most, then R sends them to rating.',
  '  2. Rating (Alt+4): type your name, rate each image 1–5 by keyboard; confirm S in Results & counterexamples.',
  '  3. Editor (Alt+5): label S1. Press ? in the app for every key.',
].join('\n');

/**
 * Resolves on the first Ctrl+C or SIGTERM and says so. It stays listening afterwards: a Ctrl+C in a
 * terminal reaches npm, `npm start` and this process alike, and a repeated signal must not kill
 * the server half-way through closing the project.
 */
function stopSignal(): Promise<void> {
  return new Promise((resolveStop) => {
    let heard = false;
    const stop = (): void => {
      if (heard) return;
      heard = true;
      process.stderr.write('\nStopping Faultline: closing the project (the running jobs are cancelled; finished work is kept)…\n');
      resolveStop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Reopens the project of the previous run; one that moved, is locked or broke is reported and skipped. */
async function reopen(client: ReturnType<typeof connect>, last: LastProject): Promise<boolean> {
  try {
    const project = await client.call('project.open', last);
    process.stderr.write(`Reopened ${project.name} (${project.dir}), the project open when Faultline last stopped.\n`);
    return true;
  } catch (error) {
    process.stderr.write(`Could not reopen ${last.dir}, the project open when Faultline last stopped: ${error instanceof Error ? error.message : String(error)}\n`);
    return false;
  }
}

export async function serve(flags: ServeFlags): Promise<void> {
  let stopping = false;
  const stopped = stopSignal().then(() => {
    stopping = true;
  });
  const core = createCore({ host: headlessHost('server') });
  try {
    const client = connect(core);
    client.on('project.changed', ({ project }) => {
      if (!stopping) writeLastProject(core.userDataDir, project && { dir: project.dir, readOnly: project.readOnly });
    });
    const last = flags.resume && !flags.project ? readLastProject(core.userDataDir) : null;
    const resumed = last !== null && (await reopen(client, last));
    if (flags.project) await client.call('project.open', { dir: resolve(flags.project) });
    else if (flags.demo && !resumed) {
      await followCall(client, 'demo', () => client.call('project.openDemo'), {
        label: 'Demo project (built on the first start only, a few minutes; Ctrl+C stops)',
        stages: true,
      });
    }
    if (stopping) return;
    if (!isLoopbackHost(flags.host)) {
      process.stderr.write(
        `Warning: binding ${flags.host} makes Faultline reachable from other machines; anyone with the URL's token can use it.\n`,
      );
    }
    const server = await startServer({ core, port: flags.port, host: flags.host, ...(flags.keepToken ? { token: loadOrCreateToken(core.userDataDir) } : {}) });
    process.stdout.write(`Faultline is running at ${server.url}\n`);
    if (flags.demo && !resumed) process.stdout.write(`${DEMO_HINT}\n`);
    await stopped;
    await server.close();
  } finally {
    await core.dispose();
    if (stopping) process.stderr.write('Faultline stopped.\n');
  }
}
