import { platform } from 'node:os';
import type { projectMethods } from '../../../shared/contract/methods/projectMethods.js';
import { ensureDemoProject } from '../demo/demoProject.js';
import { startJob } from '../jobs/startJob.js';
import { LATEST_SCHEMA_VERSION } from '../store/migrations/index.js';
import { APP_VERSION } from '../../platform/packagePaths.js';
import { setClasses } from '../project/classes.js';
import { listClasses } from '../store/classes.js';
import { upsertPerson } from '../project/people.js';
import { listPeople } from '../store/people.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

export function projectHandlers({ host, jobs, session, recent, userDataDir }: CoreServices): FeatureHandlers<typeof projectMethods> {
  return {
    'app.info': () => ({
      version: APP_VERSION,
      host: host.kind,
      schemaVersion: LATEST_SCHEMA_VERSION,
      platform: platform(),
      canPickDirectory: host.canPickDirectory,
    }),

    'project.create': ({ dir, name }) => session.create(dir, name),
    'project.open': ({ dir, readOnly }) => session.open(dir, readOnly ?? false),
    'project.openDemo': async () => {
      const { done } = startJob(jobs, 'demo', () => userDataDir, ensureDemoProject);
      return session.open(await done);
    },
    'project.close': async () => {
      await jobs.cancelAll();
      session.close();
      return { ok: true } as const;
    },
    'project.current': () => session.current(),
    'project.stats': () => session.stats(),
    'project.recent': () => recent.list(),
    'project.forgetRecent': ({ dir }) => {
      recent.forget(dir);
      return { ok: true } as const;
    },

    'host.pickDirectory': async ({ title }) => ({ dir: await host.pickDirectory(title ?? 'Choose a project folder') }),

    'people.list': () => listPeople(session.require().db),
    'people.upsert': ({ name, roles }) => upsertPerson(session.requireWritable().db, name, roles),

    'classes.list': () => listClasses(session.require().db),
    'classes.set': ({ classes }) => setClasses(session.requireWritable().db, classes),

    'jobs.list': () => jobs.list(),
    'jobs.cancel': ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'jobs.wait': ({ jobId }) => jobs.wait(jobId),
  };
}
