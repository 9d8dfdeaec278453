import { z } from 'zod';
import { JobKind, JobState, ProjectInfo } from './domain.js';

/** Events pushed from the core to every connected renderer. */
export const events = {
  'project.changed': z.object({ project: ProjectInfo.nullable() }),
  'job.progress': z.object({
    jobId: z.string(),
    kind: JobKind,
    done: z.number().int().min(0),
    total: z.number().int().min(0).nullable(),
    message: z.string().optional(),
    state: JobState,
  }),
  /** Someone's work was stored: every connected client refreshes what it shows of that set or image. */
  'lab.activity': z.object({
    action: z.enum(['rated', 'unrated', 'submitted', 'accepted', 'returned']),
    by: z.string(),
    setId: z.number().int().nullable(),
    imageId: z.number().int(),
  }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}
