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

/**
 * Passes a value on at most once per interval (progress pushes: a job reports far more often than a
 * person can read); `force` lets one through regardless (an epoch's end, a job's last step).
 */
export function throttled<T>(send: (value: T) => void, intervalMs = 100): (value: T, force?: boolean) => void {
  let last = 0;
  return (value, force = false) => {
    const now = Date.now();
    if (!force && now - last < intervalMs) return;
    last = now;
    send(value);
  };
}
