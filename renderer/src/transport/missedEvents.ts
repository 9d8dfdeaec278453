import type { Client } from '../../../shared/client/createClient.js';
import type { EventName, EventPayload } from '../../../shared/contract/events.js';

export type MissedEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

/**
 * Events pushed while the socket was down are lost, but the state they carried is not: this
 * replays it from the core, so a view following a job that ended during the outage still hears
 * how it ended, and the shell follows a project closed meanwhile. Each snapshot is replayed as
 * soon as its answer arrives, before any later live event could be overtaken by it.
 */
export async function replayMissedEvents(client: Client, emit: (event: MissedEvent) => void): Promise<void> {
  await Promise.all([
    client.call('project.current').then((project) => emit({ name: 'project.changed', payload: { project } })),
    client.call('jobs.list').then((jobs) => {
      for (const { jobId, kind, done, total, message, state } of jobs) {
        emit({ name: 'job.progress', payload: { jobId, kind, done, total, message, state } });
      }
    }),
  ]);
}
