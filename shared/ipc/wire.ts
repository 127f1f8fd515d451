import { z } from 'zod';
import { appErrorSchema } from './contract';

/**
 * Web mode's WebSocket frames (JSON). Electron uses ipcRenderer.invoke / webContents.send with the
 * same payloads, so the router and the renderer's client see one protocol.
 */
export const clientFrameSchema = z.object({
  type: z.literal('invoke'),
  id: z.number().int().min(0),
  channel: z.string().max(100),
  request: z.unknown(),
});
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export const resultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: appErrorSchema }),
]);

export const serverFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int(), result: resultSchema }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;

/** Path of the WebSocket endpoint; the token travels as ?token= or in the session cookie. */
export const webSocketPath = '/ws';
export const tokenCookieName = 'lens_token';
