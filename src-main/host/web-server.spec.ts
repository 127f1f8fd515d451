import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { presets } from '../../shared/domain/presets';
import { defaultThresholdRule } from '../../shared/domain/results';
import type { Result } from '../../shared/ipc';
import { decodeFrame, encodeFrame } from '../../shared/ipc/wire';
import { forkTransport } from '../jobs/transport';
import { createHandlers } from './handlers';
import { createRouter } from './router';
import { createHostServices, type HostServices } from './services';
import { startWebServer, type WebServer } from './web-server';

let workspace: string;
let services: HostServices;
let server: WebServer;

beforeAll(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'lens-web-'));
  services = await createHostServices({ mode: 'web', workspaceDir: workspace, spawnCompute: () => forkTransport(), log: () => undefined });
  const rendererDir = await mkdtemp(path.join(os.tmpdir(), 'lens-renderer-'));
  await import('node:fs/promises').then((fs) => fs.writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>lens</title>'));
  server = await startWebServer({ port: 0, rendererDir, route: createRouter(createHandlers(services)), events: services.events });
});

afterAll(async () => {
  await server.close();
  await services.close();
  await rm(workspace, { recursive: true, force: true });
});

function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.on('error', () => undefined);
  });
}

class Client {
  private nextId = 1;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  readonly events: Array<{ event: string; payload: any }> = [];
  private waiters: Array<() => void> = [];

  constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = decodeFrame(data as Buffer) as any;
      if (frame.type === 'result') this.pending.get(frame.id)?.(frame.result);
      else {
        this.events.push(frame);
        this.waiters.forEach((wake) => wake());
      }
    });
  }

  static open(url: string): Promise<Client> {
    const socket = new WebSocket(url);
    return new Promise((resolve, reject) => {
      socket.on('open', () => resolve(new Client(socket)));
      socket.on('error', reject);
    });
  }

  async invoke(channel: string, request: unknown): Promise<any> {
    const result = await this.raw(channel, request);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value;
  }

  async raw(channel: string, request: unknown): Promise<Result<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.socket.send(encodeFrame({ type: 'invoke', id, channel, request }));
    });
  }

  /** Sends bytes as they are; the server answers a frame it cannot read with result id -1. */
  sendRaw(data: string | Uint8Array): Promise<Result<unknown>> {
    return new Promise((resolve) => {
      this.pending.set(-1, resolve);
      this.socket.send(data);
    });
  }

  async waitFor(predicate: (frame: { event: string; payload: any }) => boolean): Promise<{ event: string; payload: any }> {
    for (;;) {
      const found = this.events.find(predicate);
      if (found) return found;
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
  }

  close(): void {
    this.socket.close();
  }
}

describe('web mode', () => {
  it('answers 401 to HTTP requests without the right token', async () => {
    const base = `http://127.0.0.1:${server.port}`;
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/index.html?token=wrong`)).status).toBe(401);
    const refused = await fetch(`${base}/`);
    expect(await refused.text()).not.toContain('<title>');
    const page = await fetch(`${base}/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>lens</title>');
  });

  it('answers 401 to WebSocket upgrades without the token or from another Host', async () => {
    const ws = `ws://127.0.0.1:${server.port}/ws`;
    expect(await upgradeStatus(ws)).toBe(401);
    expect(await upgradeStatus(`${ws}?token=${'0'.repeat(48)}`)).toBe(401);
    expect(await upgradeStatus(`${ws}?token=${server.token}`, { Host: `attacker.example:${server.port}` })).toBe(401);
    expect(await upgradeStatus(`${ws}?token=${server.token}`)).toBe(101);
  });

  it('runs the whole path over the WebSocket: sample, training, results, explanation, report', async () => {
    const client = await Client.open(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    try {
      expect(await client.raw('fs:read', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
      // the frames are binary MessagePack: JSON text, or bytes that are not a frame, are refused
      const malformed = { ok: false, error: { code: 'BAD_REQUEST', message: 'malformed frame' } };
      expect(await client.sendRaw(JSON.stringify({ type: 'invoke', id: 1, channel: 'app:info', request: {} }))).toEqual(malformed);
      expect(await client.sendRaw(encodeFrame({ type: 'result', id: 1, result: { ok: true, value: 1 } }))).toEqual(malformed);
      const dataset = await client.invoke('datasets:openSample', {});
      const roleOf = (role: string) => dataset.columns.filter((c: any) => c.suggestedRole === role).map((c: any) => c.name);
      expect(roleOf('label')).toEqual(['label']);
      const roles = { time: roleOf('time')[0] ?? null, label: 'label', signals: roleOf('signal') };
      const model = { ...presets[0]!.config, epochs: 3, patience: 0 };
      const { jobId } = await client.invoke('training:start', {
        datasetId: dataset.id,
        roles,
        model,
        split: { kind: 'chronological', train: 0.6, validation: 0.2, normalOnly: true },
        missing: 'forward-fill',
      });
      const done = await client.waitFor((f) => f.payload?.jobId === jobId && (f.event === 'training:done' || f.event === 'training:failed'));
      expect(done.event).toBe('training:done');
      const epochEnds = client.events.filter((f) => f.event === 'training:progress' && f.payload.epochLoss !== null);
      expect(epochEnds.map((f) => f.payload.epoch)).toEqual([1, 2, 3]);
      expect(epochEnds.every((f) => f.payload.valLoss !== null && f.payload.etaMs !== null)).toBe(true);
      // the training process reported its memory with its progress
      const memory = await client.invoke('app:memory', {});
      expect(memory.computeBytes).toBeGreaterThan(10 * 2 ** 20);
      expect(memory.hostBytes).toBeGreaterThan(10 * 2 ** 20);
      expect(memory.freeBytes).toBeLessThanOrEqual(memory.totalBytes);

      const run = await client.invoke('results:get', { runId: done.payload.runId });
      expect(run.nRows).toBe(dataset.rowCount);
      // the large arrays arrive as typed arrays, value for value what the host keeps
      const kept = services.runs.get(run.runId).result;
      expect(run.scores).toBeInstanceOf(Float32Array);
      expect(run.scores).toEqual(kept.scores);
      expect(run.scores).toHaveLength(dataset.rowCount);
      expect(run.labels).toBeInstanceOf(Uint8Array);
      expect(run.labels).toEqual(kept.labels);
      expect(run.reconstructionR2).toBeGreaterThan(0);
      expect(run.reconstructionR2).toBeLessThanOrEqual(1);
      expect(run.extraScores).toEqual([]);
      expect(run.threshold.rule).toEqual(defaultThresholdRule);
      expect(run.threshold.metrics.rocAuc).toBeGreaterThan(0.5);
      expect(run.partition).toEqual({ trainEnd: 3600, validationEnd: 4800 });
      // metrics cover the test part only: the last 20% of the rows
      const { tp, fp, tn, fn } = run.threshold.metrics;
      expect(tp + fp + tn + fn).toBe(1200);
      expect(run.threshold.events.length).toBeGreaterThan(0);

      const heatmap = await client.invoke('results:heatmap', { runId: run.runId, rowStart: 0, rowEnd: run.nRows, width: 200, sortByError: true });
      expect(heatmap.values).toBeInstanceOf(Float32Array);
      expect(heatmap.values).toHaveLength(Math.ceil((heatmap.rowEnd - heatmap.rowStart) / heatmap.bucketSize) * roles.signals.length);

      const curve = await client.invoke('results:thresholdCurve', { runId: run.runId });
      // training on normal rows only leaves no labelled row to validate on
      expect(curve.rows).toBe('test');
      expect(curve.thresholds).toBeInstanceOf(Float64Array);
      expect(curve.f1).toBeInstanceOf(Float32Array);
      expect(curve.f1[curve.bestF1]).toBe(Math.max(...curve.f1));

      const explained = await client.invoke('results:explainEvent', { runId: run.runId, eventIndex: 0 });
      expect(explained.contributions).toHaveLength(roles.signals.length);
      const shares = explained.contributions.reduce((sum: number, c: any) => sum + c.share, 0);
      expect(shares).toBeCloseTo(1, 5);

      const manual = await client.invoke('results:setThreshold', { runId: run.runId, rule: { kind: 'manual', value: 1e9 } });
      expect(manual.events).toEqual([]);
      // a manual threshold at the curve's best point gives its F1 on the test rows
      const atBest = await client.invoke('results:setThreshold', { runId: run.runId, rule: { kind: 'manual', value: curve.thresholds[curve.bestF1] } });
      expect(atBest.metrics.f1).toBeCloseTo(curve.f1[curve.bestF1], 6);
      await client.invoke('results:setThreshold', { runId: run.runId, rule: { kind: 'mean-k-sigma', k: 3 } });

      const report = await client.invoke('reports:export', { runId: run.runId });
      const html = await readFile(report.path, 'utf8');
      expect(report.charts).toBeGreaterThanOrEqual(4);
      expect(html.match(/<svg/g)?.length).toBe(report.charts);
      expect(html).toContain(run.backend.name);
      expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    } finally {
      client.close();
    }
  });
});
