/**
 * The preload: what it exposes to the page (one narrow object, never ipcRenderer) and that its
 * bundle can run in a sandboxed renderer, where `require` knows only 'electron' and a few others.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => ({
  exposed: [] as Array<[string, Record<string, unknown>]>,
  invoked: [] as unknown[][],
  listeners: new Map<string, (...args: unknown[]) => void>(),
}));

const ipcRenderer = vi.hoisted(() => ({
  invoke: async (...args: unknown[]) => {
    fake.invoked.push(args);
    return { ok: true, value: 'from host' };
  },
  on: (name: string, listener: (...args: unknown[]) => void) => fake.listeners.set(name, listener),
  removeListener: (name: string) => fake.listeners.delete(name),
  send: () => undefined,
  sendSync: () => undefined,
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => fake.exposed.push([key, api]) },
  ipcRenderer,
  webUtils: { getPathForFile: () => '/data/pump.csv' },
}));

await import('./preload');

describe('preload', () => {
  it('exposes one object, window.lens, with invoke/subscribe/pathForFile only: no ipcRenderer', () => {
    expect(fake.exposed.map(([key]) => key)).toEqual(['lens']);
    const [, api] = fake.exposed[0]!;
    expect(Object.keys(api).sort()).toEqual(['invoke', 'pathForFile', 'subscribe']);
    expect(Object.values(api).every((value) => typeof value === 'function')).toBe(true);
    expect(Object.values(api)).not.toContain(ipcRenderer);
    expect(Object.values(api)).not.toContain(ipcRenderer.invoke);
  });

  it('passes contract channels to the host and refuses others before they leave the page', async () => {
    const api = fake.exposed[0]![1] as any;
    expect(await api.invoke('fs:read', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await api.invoke('__proto__', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(fake.invoked).toEqual([]);
    expect(await api.invoke('app:info', {})).toEqual({ ok: true, value: 'from host' });
    expect(fake.invoked).toEqual([['lens:invoke', 'app:info', {}]]);
    expect(() => api.subscribe('lens:anything', () => undefined)).toThrow(/unknown event/);
  });

  it('builds to a bundle whose only require is electron (a sandboxed preload can load nothing else)', () => {
    // vitest's global setup builds the main bundles, preload.cjs included
    const bundle = path.resolve('dist/main/preload.cjs');
    expect(existsSync(bundle)).toBe(true);
    const requires = [...readFileSync(bundle, 'utf8').matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((match) => match[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
  });
});
