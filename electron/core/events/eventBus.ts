import { events, type EventName, type EventPayload } from '../../../shared/contract/events.js';

export type EventListener = (name: EventName, payload: unknown) => void;

/** Fan-out of core events to every connected renderer; payloads are checked against the contract. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const checked = events[name].parse(payload);
    for (const listener of this.listeners) {
      try {
        listener(name, checked);
      } catch {
        // One broken connection must not stop the others from hearing the event.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
