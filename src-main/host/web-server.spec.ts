import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
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
import { EventHub } from './events';
import { sameToken, startWebServer, webSocketMaxPayload, type WebServer } from './web-server';

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

/** An HTTP exchange written by hand: any Host, any method, a declared body that never comes. */
function rawExchange(port: number, head: string): Promise<{ status: number; headers: Record<string, string>; raw: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(head));
    let raw = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within 5 s; got ${JSON.stringify(raw)}`));
    }, 5000);
    socket.on('data', (chunk) => (raw += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    // resolves only once the server has closed the connection
    socket.on('close', () => {
      clearTimeout(timer);
      const [statusLine = '', ...lines] = raw.split('\r\n\r\n')[0]!.split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, raw });
    });
  });
}

function httpGet(port: number, pathAndQuery: string, headers: Record<string, string>): Promise<http.IncomingMessage & { body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path: pathAndQuery, headers, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve(Object.assign(response, { body })));
    });
    request.on('error', reject);
    request.end();
  });
}

function accessControl(headers: Headers): string[] {
  const names: string[] = [];
  headers.forEach((_value, name) => names.push(name));
  expect(names).toContain('x-content-type-options'); // the headers were read at all
  return names.filter((name) => name.startsWith('access-control-'));
}

describe('web mode security', () => {
  let guarded: WebServer;
  let base: string;
  let secretDir: string;
  const routed: unknown[] = [];

  beforeAll(async () => {
    secretDir = await mkdtemp(path.join(os.tmpdir(), 'lens-secret-'));
    await writeFile(path.join(secretDir, 'secret.txt'), 'outside the renderer');
    const rendererDir = await mkdtemp(path.join(os.tmpdir(), 'lens-renderer-'));
    await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>lens</title>');
    await symlink(path.join(secretDir, 'secret.txt'), path.join(rendererDir, 'linked.txt'));
    const route = async (channel: unknown) => {
      routed.push(channel);
      return { ok: true as const, value: channel };
    };
    guarded = await startWebServer({ port: 0, rendererDir, route, events: new EventHub() });
    base = `http://127.0.0.1:${guarded.port}`;
  });

  afterAll(async () => {
    await guarded.close();
    await rm(secretDir, { recursive: true, force: true });
  });

  it('refuses a DNS-rebinding attempt: the right token under a foreign Host or Origin gets nothing', async () => {
    const { port, token } = guarded;
    // the attacker's page at evil.example (rebound to 127.0.0.1) knows the token, say; its requests still name its host
    const rebound = await httpGet(port, `/?token=${token}`, { Host: `evil.example:${port}` });
    expect(rebound.statusCode).toBe(401);
    expect(rebound.body).not.toContain('<title>');
    const ws = `ws://127.0.0.1:${port}/ws?token=${token}`;
    expect(await upgradeStatus(ws, { Host: `evil.example:${port}`, Origin: `http://evil.example:${port}` })).toBe(401);
    // the same socket request under our Host but from the attacker's page (its Origin) is refused too
    expect(await upgradeStatus(ws, { Origin: `http://evil.example:${port}` })).toBe(403);
    // …and from our own page it opens
    expect(await upgradeStatus(ws, { Origin: `http://127.0.0.1:${port}` })).toBe(101);
    expect(await upgradeStatus(ws, { Origin: `http://localhost:${port}`, Host: `localhost:${port}` })).toBe(101);
    // the right Host with the right token over plain HTTP is served
    expect((await httpGet(port, `/?token=${token}`, { Host: `127.0.0.1:${port}` })).statusCode).toBe(200);
  });

  it('checks the Origin of WebSocket upgrades exactly, and lets a client that sends none (not a browser) in with the token', async () => {
    const { port, token } = guarded;
    const ws = `ws://127.0.0.1:${port}/ws?token=${token}`;
    for (const origin of ['null', `https://127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`, 'http://127.0.0.1', `http://127.0.0.1:${port}.evil.example`, 'file://']) {
      expect(await upgradeStatus(ws, { Origin: origin }), origin).toBe(403);
    }
    expect(await upgradeStatus(ws)).toBe(101);
    // an Origin never stands in for the token
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/ws`, { Origin: `http://127.0.0.1:${port}` })).toBe(401);
  });

  it('refuses HTTP requests from another origin even with the token', async () => {
    const response = await httpGet(guarded.port, `/?token=${guarded.token}`, { Origin: 'http://evil.example' });
    expect(response.statusCode).toBe(403);
    expect(response.body).not.toContain('<title>');
  });

  it('compares tokens in full: a prefix, an extension, a one-letter change or another length never match', () => {
    const token = guarded.token;
    expect(sameToken(token, token)).toBe(true);
    for (const candidate of [token.slice(0, -1), `${token}0`, `${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`, token.toUpperCase(), '', null, undefined, 'x'.repeat(10_000)]) {
      expect(sameToken(candidate, token), String(candidate).slice(0, 60)).toBe(false);
    }
  });

  it('sends no CORS header on any response and refuses preflights', async () => {
    const { port, token } = guarded;
    const preflightHeaders = { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' };
    const foreign = await fetch(`${base}/?token=${token}`, { method: 'OPTIONS', headers: { Origin: 'http://evil.example', ...preflightHeaders } });
    expect(foreign.status).toBe(403);
    const own = await fetch(`${base}/?token=${token}`, { method: 'OPTIONS', headers: { Origin: `http://127.0.0.1:${port}`, ...preflightHeaders } });
    expect(own.status).toBe(405);
    expect(own.headers.get('allow')).toBe('GET, HEAD');
    const answers = [
      foreign,
      own,
      await fetch(`${base}/?token=${token}`),
      await fetch(`${base}/?token=${token}`, { headers: { Origin: `http://127.0.0.1:${port}` } }),
      await fetch(`${base}/`),
      await fetch(`${base}/missing.js?token=${token}`),
    ];
    for (const answer of answers) expect(accessControl(answer.headers), answer.url).toEqual([]);
  });

  it('puts the security headers on every response, refusals included', async () => {
    const { token } = guarded;
    const answers = [
      await fetch(`${base}/?token=${token}`),
      await fetch(`${base}/`),
      await fetch(`${base}/missing.js?token=${token}`),
      await fetch(`${base}/?token=${token}`, { method: 'POST', body: 'x' }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 401, 404, 405]);
    for (const answer of answers) {
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
      expect(answer.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(answer.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
    }
    expect(answers[0]!.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('serves nothing outside the renderer folder: encoded traversal and escaping symlinks get 404', async () => {
    for (const target of ['/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/..%5c..%5cetc%5cpasswd', '/linked.txt', '/index.html%00.js']) {
      const response = await fetch(`${base}${target}?token=${guarded.token}`);
      expect(response.status, target).toBe(404);
      expect(await response.text()).not.toContain('outside the renderer');
    }
  });

  it('refuses request bodies without reading them: 405 for other methods, 413 for a body on GET', async () => {
    const { port, token } = guarded;
    const host = `Host: 127.0.0.1:${port}\r\n`;
    // a 1 GiB body is announced and never sent: an answer (and a closed connection) proves it was not awaited
    const post = await rawExchange(port, `POST /?token=${token} HTTP/1.1\r\n${host}Content-Length: 1073741824\r\n\r\n`);
    expect(post.status).toBe(405);
    expect(post.headers.connection).toBe('close');
    const get = await rawExchange(port, `GET /?token=${token} HTTP/1.1\r\n${host}Content-Length: 1073741824\r\n\r\n`);
    expect(get.status).toBe(413);
    const chunked = await rawExchange(port, `GET /?token=${token} HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\n`);
    expect(chunked.status).toBe(413);
    // asked to confirm first, the server does not invite the body
    const expect100 = await rawExchange(port, `PUT /?token=${token} HTTP/1.1\r\n${host}Expect: 100-continue\r\nContent-Length: 1073741824\r\n\r\n`);
    expect(expect100.raw).not.toMatch(/^HTTP\/1\.1 100/);
    expect(expect100.status).toBe(405);
    // without the token, the same: refused, closed, unread
    const anonymous = await rawExchange(port, `POST / HTTP/1.1\r\n${host}Content-Length: 1073741824\r\n\r\n`);
    expect(anonymous.status).toBe(401);
  });

  it('caps WebSocket messages: a big legitimate one is read, one over the cap closes the socket', async () => {
    expect(webSocketMaxPayload).toBeGreaterThanOrEqual(8 * 2 ** 20);
    const socket = new WebSocket(`ws://127.0.0.1:${guarded.port}/ws?token=${guarded.token}`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    // a 4 MiB invoke (far past the old 1 MiB cap) is read and routed
    const reply = new Promise<any>((resolve) => socket.once('message', (data) => resolve(decodeFrame(data as Buffer))));
    socket.send(encodeFrame({ type: 'invoke', id: 7, channel: 'app:info', request: { filler: 'x'.repeat(4 * 2 ** 20) } }));
    expect(await reply).toMatchObject({ type: 'result', id: 7, result: { ok: true, value: 'app:info' } });
    // one byte over the cap: the server closes with 1009 (message too big) and routes nothing
    routed.length = 0;
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(new Uint8Array(webSocketMaxPayload + 1));
    expect(await closed).toBe(1009);
    expect(routed).toEqual([]);
    // and web mode lives on: a new socket is served
    const again = await Client.open(`ws://127.0.0.1:${guarded.port}/ws?token=${guarded.token}`);
    expect(await again.raw('app:info', {})).toEqual({ ok: true, value: 'app:info' });
    again.close();
  });
});
