import { createRequire } from 'node:module';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../../shared/ipc';
import type { BackendChoice, BackendSettings } from '../../../shared/ipc/settings';
import { forkTransport } from '../../jobs/transport';
import { createRouter, type Route } from '../router';
import { createHostServices, type HostServices } from '../services';
import { createHandlers } from '.';

const require = createRequire(import.meta.url);
const nativeInstalled = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'].some((name) => {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
});

interface Host {
  workspace: string;
  services: HostServices;
  route: Route;
  events: Array<{ event: EventName; payload: any }>;
  logs: string[];
}

const hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) {
    await host.services.close();
    await rm(host.workspace, { recursive: true, force: true });
  }
});

async function startHost(options: { flag?: BackendChoice; settingsFile?: string } = {}): Promise<Host> {
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'lens-settings-'));
  if (options.settingsFile !== undefined) await writeFile(path.join(workspace, 'settings.json'), options.settingsFile);
  const logs: string[] = [];
  const services = await createHostServices({ mode: 'web', workspaceDir: workspace, spawnCompute: forkTransport, backend: options.flag ?? null, log: (line) => logs.push(line) });
  const events: Host['events'] = [];
  services.events.listen((event, payload) => events.push({ event, payload }));
  const host = { workspace, services, route: createRouter(createHandlers(services)), events, logs };
  hosts.push(host);
  return host;
}

async function ok(host: Host, channel: string, request: unknown): Promise<BackendSettings> {
  const result = await host.route(channel, request);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value as BackendSettings;
}

const option = (settings: BackendSettings, choice: BackendChoice) => settings.backends.find((backend) => backend.choice === choice)!;
const savedFile = async (host: Host) => JSON.parse(await readFile(path.join(host.workspace, 'settings.json'), 'utf8'));

describe('settings: choosing the backend', () => {
  it('lists every backend with why it is unavailable, the current choice and the one in use marked', async () => {
    const host = await startHost();
    await host.services.compute.start();
    const settings = await ok(host, 'settings:backends', {});
    expect(settings.backends.map((backend) => backend.choice)).toEqual(['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
    expect(settings).toMatchObject({ chosen: 'auto', source: 'default' });
    expect(option(settings, 'auto')).toMatchObject({ available: true, current: true, inUse: false, reason: null });
    expect(option(settings, 'wasm').available).toBe(true);
    expect(option(settings, 'cpu').available).toBe(true);
    const inUse = settings.backends.filter((backend) => backend.inUse).map((backend) => backend.choice);
    expect(inUse).toHaveLength(1);
    if (!nativeInstalled) {
      expect(inUse).toEqual(['wasm']);
      expect(option(settings, 'tensorflow-gpu')).toMatchObject({ available: false, current: false });
      expect(option(settings, 'tensorflow-gpu').reason).toMatch(/tfjs-node-gpu is not installed|no GPU build|no CUDA on macOS/);
      expect(option(settings, 'tensorflow')).toMatchObject({ available: false, reason: 'tfjs-node is not installed', remedy: expect.stringContaining('npm install @tensorflow/tfjs-node') });
    }
  });

  it('applying a choice saves it, restarts the compute process with it and reports the new backend', async () => {
    const host = await startHost();
    await host.services.compute.start();
    const settings = await ok(host, 'settings:setBackend', { choice: 'cpu' });
    expect(settings).toMatchObject({ chosen: 'cpu', source: 'saved', active: { name: 'cpu', gpu: false, detail: 'as chosen' } });
    expect(option(settings, 'cpu')).toMatchObject({ current: true, inUse: true });
    expect(await savedFile(host)).toEqual({ backend: 'cpu' });
    expect(host.events.filter((e) => e.event === 'app:backend').map((e) => e.payload.name).at(-1)).toBe('cpu');
    // a crash-free restart is no crash
    expect(host.events.some((e) => e.event === 'app:computeCrashed')).toBe(false);
  });

  it.skipIf(nativeInstalled)('a choice that does not load falls back down the ladder and says so', async () => {
    const host = await startHost();
    const settings = await ok(host, 'settings:setBackend', { choice: 'tensorflow-gpu' });
    expect(settings.chosen).toBe('tensorflow-gpu');
    expect(settings.active).toMatchObject({ name: 'wasm', detail: expect.stringContaining('tensorflow-gpu was chosen and did not load, fell back to wasm') });
    expect(option(settings, 'tensorflow-gpu')).toMatchObject({ current: true, inUse: false, available: false });
    expect(option(settings, 'wasm').inUse).toBe(true);
  });

  it('validates the choice and refuses with BUSY while a sweep or job holds the compute process', async () => {
    const host = await startHost();
    for (const request of [{ choice: 'gpu' }, { choice: 'wasm', extra: 1 }, {}]) {
      const result = await host.route('settings:setBackend', request);
      expect(result.ok ? null : result.error.code, JSON.stringify(request)).toBe('BAD_REQUEST');
    }
    host.services.activeSweep = { sweepId: 'sw-1', cancel: () => undefined };
    const busy = await host.route('settings:setBackend', { choice: 'wasm' });
    expect(busy.ok ? null : busy.error).toMatchObject({ code: 'BUSY', message: expect.stringContaining('a sweep is running') });
    await expect(readFile(path.join(host.workspace, 'settings.json'))).rejects.toThrow();
  });

  it('refuses a second change while the compute process restarts, and the first one lands whole', async () => {
    const host = await startHost();
    await host.services.compute.start();
    const applying = host.route('settings:setBackend', { choice: 'cpu' });
    const second = await host.route('settings:setBackend', { choice: 'wasm' });
    expect(second.ok ? null : second.error).toMatchObject({ code: 'BUSY', message: expect.stringContaining('restarting with another backend') });
    const applied = await applying;
    expect(applied.ok).toBe(true);
    expect(await savedFile(host)).toEqual({ backend: 'cpu' });
    expect(host.services.compute.backend?.name).toBe('cpu');
    expect(host.services.compute.busyReason).toBeNull();
  });

  it('a --backend flag wins over the saved choice for the run; applying another replaces it and keeps other settings', async () => {
    const host = await startHost({ flag: 'wasm', settingsFile: JSON.stringify({ backend: 'cpu', theme: 'dark' }) });
    expect((await host.services.compute.start()).name).toBe('wasm');
    expect(await ok(host, 'settings:backends', {})).toMatchObject({ chosen: 'wasm', source: 'flag' });
    await ok(host, 'settings:setBackend', { choice: 'cpu' });
    expect(await savedFile(host)).toEqual({ backend: 'cpu', theme: 'dark' });
    expect(await ok(host, 'settings:backends', {})).toMatchObject({ chosen: 'cpu', source: 'saved', active: { name: 'cpu' } });
  });

  it('an unreadable settings file is reported and ignored', async () => {
    const host = await startHost({ settingsFile: '{"backend": "quantum"}' });
    expect(host.services.backendSettings.chosen).toBe('auto');
    expect(host.logs.join('\n')).toMatch(/settings\.json: .*the backend setting is ignored/);
  });
});
