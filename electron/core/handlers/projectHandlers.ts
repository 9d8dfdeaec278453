import { platform } from 'node:os';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { projectMethods } from '../../../shared/contract/methods/projectMethods.js';
import { ensureDemoProject } from '../demo/demoProject.js';
import { startJob } from '../jobs/startJob.js';
import { mergeProject } from '../merge/mergeProject.js';
import { LATEST_SCHEMA_VERSION } from '../store/migrations/index.js';
import { APP_VERSION } from '../../platform/packagePaths.js';
import { setClasses } from '../project/classes.js';
import { listClasses } from '../store/classes.js';
import { upsertPerson } from '../project/people.js';
import { listPeople } from '../store/people.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';
import { integrityProblems } from '../store/openProjectDb.js';

export function projectHandlers({ host, jobs, session, recent, userDataDir }: CoreServices): FeatureHandlers<typeof projectMethods> {
  /**
   * Another project replaces the open one only when no job works on it: its database would close
   * under the job, losing what the job had not yet written. Close the project to cancel them.
   */
  const refuseWhileJobsRun = (action: string): void => {
    const running = jobs.list().filter((j) => j.state === 'running');
    if (running.length === 0) return;
    const which = running.map((j) => j.kind).join(', ');
    const them = running.length === 1 ? 'it' : 'them';
    throw new FaultlineError(
      'invalid_input',
      `Cannot ${action} while ${running.length === 1 ? 'a job runs' : `${running.length} jobs run`} on the open project (${which}); wait for ${them}, or cancel ${them}, first.`,
    );
  };

  return {
    'app.info': () => ({
      version: APP_VERSION,
      host: host.kind,
      schemaVersion: LATEST_SCHEMA_VERSION,
      platform: platform(),
      canPickDirectory: host.canPickDirectory,
    }),

    'project.create': ({ dir, name }) => {
      refuseWhileJobsRun('create another project');
      return session.create(dir, name);
    },
    'project.open': ({ dir, readOnly }) => {
      const current = session.current();
      if (!current || current.dir !== dir || current.readOnly !== (readOnly ?? false)) refuseWhileJobsRun('open another project');
      return session.open(dir, readOnly ?? false);
    },
    'project.openDemo': async () => {
      refuseWhileJobsRun('open the demo project');
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
    'project.merge': ({ from, dryRun }) => {
      // A job would write between the merge's reads and its transaction, and could be cancelled by neither.
      refuseWhileJobsRun('merge another copy');
      return mergeProject(session.requireWritable(), from, { dryRun: dryRun ?? false });
    },
    'project.check': () => {
      const problems = integrityProblems(session.require().db, false);
      return { ok: problems.length === 0, problems };
    },
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
