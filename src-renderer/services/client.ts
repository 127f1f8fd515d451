import { AppError } from '../../shared/errors';
import type { ChannelName, EventName, EventPayload, LensBridge, RequestOf, ResponseOf } from '../../shared/ipc';
import { createWebBridge, readToken } from './web-bridge';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in a browser (web mode). */
    lens?: LensBridge;
  }
}

let bridge: LensBridge | null = null;

/** The one bridge of this window: Electron's preload object, else web mode's WebSocket client. */
export function getBridge(): LensBridge {
  if (!bridge) bridge = window.lens ?? createWebBridge(readToken());
  return bridge;
}

/** For tests: talk to a fake bridge instead of the real one. */
export function setBridge(replacement: LensBridge | null): void {
  bridge = replacement;
}

/** Invokes a channel and returns its value; an error result becomes a thrown AppError. */
export async function invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  let result;
  try {
    result = await getBridge().invoke(channel, request);
  } catch (error) {
    throw new AppError('INTERNAL', error instanceof Error ? error.message : String(error));
  }
  if (!result.ok) throw AppError.fromShape(result.error);
  return result.value;
}

export function subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return getBridge().subscribe(event, listener);
}

/** A user-facing message (and details) from anything thrown. */
export function describeError(error: unknown): { code: string; message: string; details?: unknown } {
  if (error instanceof AppError) return { code: error.code, message: error.message, details: error.details };
  if (error && typeof error === 'object' && 'message' in error) {
    const shape = error as { code?: unknown; message: unknown; details?: unknown };
    return { code: typeof shape.code === 'string' ? shape.code : 'INTERNAL', message: String(shape.message), details: shape.details };
  }
  return { code: 'INTERNAL', message: String(error) };
}
