import { z } from 'zod';
import {
  AppInfo,
  ClassInfo,
  ImageSplit,
  ImageSummary,
  JobInfo,
  ModelSummary,
  Person,
  PersonRole,
  ProjectInfo,
  ProjectStats,
  RecentProject,
} from './domain.js';

interface MethodSpec<I extends z.ZodType, O extends z.ZodType> {
  input: I;
  output: O;
  summary: string;
}

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string): MethodSpec<I, O> {
  return { input, output, summary };
}

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });

/** Paths are absolute on the machine that runs the core; the renderer never touches them itself. */
const DirPath = z.string().min(1, 'A folder path is required');

/**
 * The whole API between renderer and core. Both hosts register exactly this table, and the
 * renderer's client is typed by it, so a method cannot exist on one side only.
 */
export const methods = {
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

  'images.list': method(
    z
      .object({
        split: ImageSplit.optional(),
        status: z.enum(['ok', 'failed']).optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    z.object({ total: z.number().int(), items: z.array(ImageSummary) }),
    'A page of the project images.',
  ),

  'models.list': method(Empty, z.array(ModelSummary), 'Registered models, all versions.'),

  'jobs.list': method(Empty, z.array(JobInfo), 'Running and recently finished long jobs.'),
  'jobs.cancel': method(z.object({ jobId: z.string().min(1) }).strict(), z.object({ cancelled: z.boolean() }), 'Ask a running job to stop.'),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export const methodNames = Object.keys(methods) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}
