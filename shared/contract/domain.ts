import { z } from 'zod';

/** Domain records as they cross the contract. Storage rows are mapped to these in the core. */

export const ProjectInfo = z.object({
  dir: z.string(),
  name: z.string(),
  schemaVersion: z.number().int(),
  readOnly: z.boolean(),
  createdAt: z.string(),
  isDemo: z.boolean(),
});
export type ProjectInfo = z.infer<typeof ProjectInfo>;

export const ProjectStats = z.object({
  images: z.number().int(),
  imagesFailed: z.number().int(),
  labelledImages: z.number().int(),
  models: z.number().int(),
  classes: z.number().int(),
  rounds: z.number().int(),
  ratings: z.number().int(),
  annotations: z.number().int(),
  people: z.number().int(),
});
export type ProjectStats = z.infer<typeof ProjectStats>;

export const RecentProject = z.object({
  dir: z.string(),
  name: z.string(),
  openedAt: z.string(),
});
export type RecentProject = z.infer<typeof RecentProject>;

export const PersonRole = z.enum(['rater', 'annotator', 'reviewer', 'admin']);
export type PersonRole = z.infer<typeof PersonRole>;

export const Person = z.object({
  id: z.number().int(),
  name: z.string(),
  roles: z.array(PersonRole),
  createdAt: z.string(),
});
export type Person = z.infer<typeof Person>;

export const ImageSplit = z.enum(['pool', 'train', 'test']);
export type ImageSplit = z.infer<typeof ImageSplit>;

export const ImageSummary = z.object({
  id: z.number().int(),
  relPath: z.string(),
  contentHash: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  split: ImageSplit,
  status: z.enum(['ok', 'failed']),
  error: z.string().nullable(),
  hasLabel: z.boolean(),
});
export type ImageSummary = z.infer<typeof ImageSummary>;

export const ClassInfo = z.object({
  id: z.number().int().min(0).max(254),
  name: z.string().min(1),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  superclass: z.string().nullable(),
});
export type ClassInfo = z.infer<typeof ClassInfo>;

export const ModelSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  version: z.string(),
  isTarget: z.boolean(),
  createdAt: z.string(),
});
export type ModelSummary = z.infer<typeof ModelSummary>;

export const HostKind = z.enum(['electron', 'server', 'in-process']);
export type HostKind = z.infer<typeof HostKind>;

export const AppInfo = z.object({
  version: z.string(),
  host: HostKind,
  schemaVersion: z.number().int(),
  platform: z.string(),
  canPickDirectory: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const JobState = z.enum(['running', 'done', 'failed', 'cancelled']);
export type JobState = z.infer<typeof JobState>;

export const JobInfo = z.object({
  jobId: z.string(),
  kind: z.string(),
  state: JobState,
  done: z.number().int().min(0),
  total: z.number().int().min(0).nullable(),
  message: z.string(),
  error: z.string().nullable(),
  startedAt: z.string(),
});
export type JobInfo = z.infer<typeof JobInfo>;
