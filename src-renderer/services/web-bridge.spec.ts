// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeFrame, encodeFrame, type ServerFrame } from '../../shared/ipc/wire';
import { createWebBridge, readToken } from './web-bridge';

/** A stand-in for the browser WebSocket that the test drives by hand. */
class ScriptedSocket extends EventTarget {
  static readonly OPEN = 1;
  static last: ScriptedSocket | null = null;
  readyState = 0;
  binaryType = 'blob';
  readonly sent: Array<Record<string, unknown>> = [];
  constructor(readonly url: string) {
    super();
    ScriptedSocket.last = this;
  }
  send(data: Uint8Array): void {
    this.sent.push(decodeFrame(data) as Record<string, unknown>);
  }
  open(): void {
    this.readyState = ScriptedSocket.OPEN;
    this.dispatchEvent(new Event('open'));
  }
  /** A frame as the browser hands it over with binaryType 'arraybuffer'. */
  receive(frame: ServerFrame): void {
    const bytes = encodeFrame(frame);
    this.receiveData(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  }
  receiveData(data: unknown): void {
    const event = new Event('message') as Event & { data: unknown };
    event.data = data;
    this.dispatchEvent(event);
  }
  drop(): void {
    this.readyState = 3;
    this.dispatchEvent(new Event('close'));
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('web bridge', () => {
  beforeEach(() => {
    vi.stubGlobal('WebSocket', ScriptedSocket);
    sessionStorage.clear();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('takes the token from the URL, keeps it for the tab and removes it from the address bar', () => {
    history.replaceState(null, '', '/?token=abc123&x=1');
    expect(readToken()).toBe('abc123');
    expect(location.search).toBe('?x=1');
    expect(readToken()).toBe('abc123'); // from sessionStorage after the URL lost it
  });

  it('connects with the token, queues an invoke until open and matches the result by id', async () => {
    const bridge = createWebBridge('t0k');
    const socket = ScriptedSocket.last!;
    expect(socket.url).toMatch(/\/ws\?token=t0k$/);
    expect(socket.binaryType).toBe('arraybuffer');
    const answer = bridge.invoke('app:info', {});
    socket.open();
    await flush();
    expect(socket.sent[0]).toMatchObject({ type: 'invoke', channel: 'app:info', request: {} });
    socket.receive({ type: 'result', id: socket.sent[0]!.id as number, result: { ok: false, error: { code: 'BUSY', message: 'busy' } } });
    expect(await answer).toEqual({ ok: false, error: { code: 'BUSY', message: 'busy' } });
  });

  it('hands over typed arrays as typed arrays and ignores frames it cannot read', async () => {
    const bridge = createWebBridge('t');
    const socket = ScriptedSocket.last!;
    socket.open();
    const answer = bridge.invoke('results:heatmap', { runId: 'r', rowStart: 0, rowEnd: 8, width: 2, sortByError: false });
    await flush();
    const id = socket.sent[0]!.id as number;
    socket.receiveData(JSON.stringify({ type: 'result', id, result: { ok: true, value: 'text frames are not ours' } }));
    socket.receiveData(new Uint8Array([0xc1]).buffer); // a byte MessagePack never uses
    const values = Float32Array.from([0.5, 1.5, 2.5, 3.5]);
    const heatmap = { rowStart: 0, rowEnd: 8, bucketSize: 4, signals: ['a', 'b'], values, maxValue: 3.5 };
    socket.receive({ type: 'result', id, result: { ok: true, value: heatmap } });
    const result = await answer;
    expect(result).toEqual({ ok: true, value: heatmap });
    expect(result.ok && result.value.values).toBeInstanceOf(Float32Array);
  });

  it('delivers events to subscribers until they unsubscribe', async () => {
    const bridge = createWebBridge('t');
    const socket = ScriptedSocket.last!;
    socket.open();
    const seen: unknown[] = [];
    const stop = bridge.subscribe('training:done', (payload) => seen.push(payload));
    socket.receive({ type: 'event', event: 'training:done', payload: { jobId: 'j', runId: 'r' } });
    stop();
    socket.receive({ type: 'event', event: 'training:done', payload: { jobId: 'j2', runId: 'r2' } });
    expect(seen).toEqual([{ jobId: 'j', runId: 'r' }]);
  });

  it('fails calls in flight with a typed error when the connection drops', async () => {
    const bridge = createWebBridge('t');
    const socket = ScriptedSocket.last!;
    socket.open();
    const answer = bridge.invoke('results:list', {});
    await flush();
    socket.drop();
    const result = await answer;
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('DISCONNECTED');
  });
});
