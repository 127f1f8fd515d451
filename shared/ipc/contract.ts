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
