import { events, type EventName, type EventPayload } from '../../shared/ipc';

export type EventListener = (event: EventName, payload: unknown) => void;

/** Host-to-renderer pushes. Payloads are checked against the contract before they leave. */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const checked = events[event].parse(payload);
    for (const listener of this.listeners) listener(event, checked);
  }

  listen(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
