import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { presets } from '../../shared/domain/presets';
import { createRouter, type Handlers } from './router';

function handlersWith(overrides: Partial<Handlers>): Handlers {
  return new Proxy(overrides as Handlers, {
    get: (target, key) => (target as Record<string | symbol, unknown>)[key] ?? (async () => { throw new Error(`unexpected call ${String(key)}`); }),
  });
}

describe('router', () => {
  it('refuses a channel that is not in the contract', async () => {
    const route = createRouter(handlersWith({}));
    const result = await route('fs:readFile', { path: '/etc/passwd' });
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('rejects a malformed request with the fields that are wrong and never calls the handler', async () => {
    let called = false;
    const route = createRouter(handlersWith({ 'training:start': async () => { called = true; return { jobId: 'x' }; } }));
    const result = await route('training:start', {
      datasetId: 'ds',
      roles: { time: null, label: null, signals: [] },
      model: { ...presets[0]!.config, batchSize: -1 },
      split: { kind: 'chronological', train: 0.6, validation: 0.2, normalOnly: true },
      missing: 'forward-fill',
    });
    expect(called).toBe(false);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('BAD_REQUEST');
    const paths = (result.error.details as Array<{ path: string }>).map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['roles.signals', 'model.batchSize']));
  });

  it('rejects unknown extra fields', async () => {
    const route = createRouter(handlersWith({ 'datasets:open': async () => { throw new Error('not reached'); } }));
    const result = await route('datasets:open', { path: '/tmp/a.csv', shell: 'rm -rf /' });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('turns an AppError into {code, message, details}', async () => {
    const route = createRouter(
      handlersWith({ 'results:get': async () => { throw new AppError('NOT_FOUND', 'no run with id r1', { runId: 'r1' }); } }),
    );
    expect(await route('results:get', { runId: 'r1' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'no run with id r1', details: { runId: 'r1' } },
    });
  });

  it('turns an unexpected exception into INTERNAL and logs it', async () => {
    const lines: string[] = [];
    const route = createRouter(handlersWith({ 'models:presets': async () => { throw new TypeError('boom'); } }), (line) => lines.push(line));
    expect(await route('models:presets', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: 'boom' } });
    expect(lines.join('\n')).toContain('boom');
  });

  it('refuses to pass on a response that breaks the contract', async () => {
    const route = createRouter(handlersWith({ 'training:cancel': async () => ({ cancelled: 'yes' }) as never }));
    expect(await route('training:cancel', { jobId: 'j' })).toMatchObject({ ok: false, error: { code: 'INVALID_RESPONSE' } });
  });

  it('passes a valid request through and returns the parsed value', async () => {
    const route = createRouter(handlersWith({ 'models:presets': async () => presets }));
    const result = await route('models:presets', {});
    expect(result.ok && (result.value as unknown[]).length).toBe(presets.length);
  });
});
