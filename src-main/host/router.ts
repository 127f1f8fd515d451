import { z } from 'zod';
import { AppError } from '../../shared/errors';
import {
  channels,
  errorCodes,
  isChannelName,
  type ChannelName,
  type RequestOf,
  type ResponseOf,
  type Result,
} from '../../shared/ipc';

export type Handler<C extends ChannelName> = (request: RequestOf<C>) => Promise<ResponseOf<C>>;
export type Handlers = { [C in ChannelName]: Handler<C> };

function issuesOf(error: z.ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

/**
 * The one entry point for every transport: the channel must be in the contract, the request must
 * parse, the handler's answer must parse too, and every failure becomes {code, message, details}.
 */
export function createRouter(handlers: Handlers, log: (line: string) => void = () => undefined) {
  return async function route(channel: unknown, request: unknown): Promise<Result<unknown>> {
    if (!isChannelName(channel)) {
      return {
        ok: false,
        error: { code: errorCodes.unknownChannel, message: `unknown channel ${JSON.stringify(String(channel)).slice(0, 120)}` },
      };
    }
    const spec = channels[channel];
    const parsed = spec.request.safeParse(request ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: errorCodes.badRequest, message: `invalid request for ${channel}`, details: issuesOf(parsed.error) },
      };
    }
    try {
      const value = await (handlers[channel] as (request: unknown) => Promise<unknown>)(parsed.data);
      const checked = spec.response.safeParse(value);
      if (!checked.success) {
        log(`response of ${channel} broke the contract: ${JSON.stringify(issuesOf(checked.error)).slice(0, 500)}`);
        return {
          ok: false,
          error: { code: errorCodes.invalidResponse, message: `the host answered ${channel} with data outside the contract`, details: issuesOf(checked.error) },
        };
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toShape() };
      log(`handler ${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return { ok: false, error: { code: errorCodes.internal, message: error instanceof Error ? error.message : String(error) } };
    }
  };
}

export type Route = ReturnType<typeof createRouter>;
