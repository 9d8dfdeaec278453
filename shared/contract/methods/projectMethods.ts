import { z } from 'zod';
import { AppInfo, ClassInfo, JobInfo, MergeSummary, Person, PersonRole, ProjectInfo, ProjectStats, RecentProject } from '../domain.js';
import { JobOutcome } from '../jobResults.js';
import { DirPath, Empty, Ok, method } from '../method.js';

/** The app, the open project, people, classes and jobs. */
export const projectMethods = {
  'app.info': method(Empty, AppInfo, 'Version, host kind and what the host can do.'),
  'project.create': method(
    z.object({ dir: DirPath, name: z.string().min(1).max(200).optional() }).strict(),
    ProjectInfo,
    'Create a new project in an empty or missing folder and open it.',
  ),
  'project.open': method(
    z.object({ dir: DirPath, readOnly: z.boolean().optional() }).strict(),
    ProjectInfo,
    'Open an existing project (migrating an older one after a backup copy).',
  ),
  'project.openDemo': method(Empty, ProjectInfo, 'Open the demo project, creating it on first use.'),
  'project.close': method(Empty, Ok, 'Close the open project.'),
  'project.current': method(Empty, ProjectInfo.nullable(), 'The open project, or null.'),
  'project.stats': method(Empty, ProjectStats, 'Counts of what the open project holds.'),
  'project.merge': method(
    z.object({ from: DirPath, dryRun: z.boolean().optional() }).strict(),
    MergeSummary,
    "Bring another copy of this project's ratings, annotation versions, reviews, people, candidate sets, models and images into the open project, in one transaction (dryRun: count only).",
  ),
  'project.check': method(
    Empty,
    z.object({ ok: z.boolean(), problems: z.array(z.string()) }),
    "SQLite's full integrity check of the open project (opening checks only after an unclean shutdown); minutes on a million-image project.",
  ),
  'project.recent': method(Empty, z.array(RecentProject), 'Recently opened projects, newest first.'),
  'project.forgetRecent': method(z.object({ dir: DirPath }).strict(), Ok, 'Remove a project from the recent list.'),
  'host.pickDirectory': method(
    z.object({ title: z.string().max(200).optional() }).strict(),
    z.object({ dir: z.string().nullable() }),
    'Ask the host for a folder (native dialog in the desktop app; unsupported in a browser).',
  ),
  'people.list': method(Empty, z.array(Person), 'Raters, annotators and reviewers known to the project.'),
  'people.upsert': method(
    z.object({ name: z.string().trim().min(1).max(100), roles: z.array(PersonRole).min(1) }).strict(),
    Person,
    'Add a person or extend their roles.',
  ),
  'classes.list': method(Empty, z.array(ClassInfo), 'The project classes with colours.'),
  'classes.set': method(
    z.object({ classes: z.array(ClassInfo).min(1).max(255) }).strict(),
    z.array(ClassInfo),
    'Replace the project class list (ids unique).',
  ),
  'jobs.list': method(Empty, z.array(JobInfo), 'Running and recently finished long jobs.'),
  'jobs.cancel': method(z.object({ jobId: z.string().min(1) }).strict(), z.object({ cancelled: z.boolean() }), 'Ask a running job to stop.'),
  'jobs.wait': method(
    z.object({ jobId: z.string().min(1) }).strict(),
    JobOutcome,
    "Wait for a job to end (at once for one that has ended and is still kept): its state, its error and its typed result.",
  ),
} as const;
