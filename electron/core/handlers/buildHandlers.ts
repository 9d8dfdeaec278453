import { platform } from 'node:os';
import { LATEST_SCHEMA_VERSION } from '../project/migrations/index.js';
import { APP_VERSION } from '../packagePaths.js';
import type { HostServices } from '../host/hostServices.js';
import type { JobRunner } from '../jobs/jobRunner.js';
import { listClasses, setClasses } from '../services/classesService.js';
import { listImages } from '../services/imagesService.js';
import { listModels } from '../services/modelsService.js';
import { listPeople, upsertPerson } from '../services/peopleService.js';
import type { ProjectSession } from '../services/projectSession.js';
import type { RecentProjects } from '../services/recentProjects.js';
import type { HandlerTable } from './handlerTable.js';

export interface CoreServices {
  host: HostServices;
  jobs: JobRunner;
  session: ProjectSession;
  recent: RecentProjects;
}

/** The single handler table both hosts register. */
export function buildHandlers({ host, jobs, session, recent }: CoreServices): HandlerTable {
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
    'project.openDemo': () => session.openDemo(),
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

    'images.list': (query) => listImages(session.require().db, query),

    'models.list': () => listModels(session.require().db),

    'jobs.list': () => jobs.list(),
    'jobs.cancel': ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
  };
}
