import { z } from 'zod';

/** The one error shape that crosses every boundary (host, compute process, renderer). */
export const appErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type AppErrorShape = z.infer<typeof appErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

export const errorCodes = {
  badRequest: 'BAD_REQUEST',
  unknownChannel: 'UNKNOWN_CHANNEL',
  notFound: 'NOT_FOUND',
  notSupported: 'NOT_SUPPORTED',
  busy: 'BUSY',
  /** the target already holds something the request would replace: ask the user, then send it again saying so */
  conflict: 'CONFLICT',
  cancelled: 'CANCELLED',
  importFailed: 'IMPORT_FAILED',
  computeCrashed: 'COMPUTE_CRASHED',
  invalidResponse: 'INVALID_RESPONSE',
  internal: 'INTERNAL',
} as const;

export interface ChannelSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  request: Req;
  response: Res;
}

export function channel<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res): ChannelSpec<Req, Res> {
  return { request, response };
}

export const emptyRequest = z.object({}).strict();

/*
 * Large arrays cross the contract as typed arrays (structured clone in Electron, MessagePack
 * extensions in web mode). z.instanceof would type them as backed by an ArrayBuffer only; the
 * host's may sit on any buffer.
 */
export const float32ArraySchema = z.custom<Float32Array>((value) => value instanceof Float32Array, 'expected a Float32Array');
export const float64ArraySchema = z.custom<Float64Array>((value) => value instanceof Float64Array, 'expected a Float64Array');
export const uint8ArraySchema = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected a Uint8Array');
