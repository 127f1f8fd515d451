import type { ChannelName, EventName, EventPayload, LensBridge, RequestOf, ResponseOf, Result } from '../../shared/ipc';
import { decodeFrame, encodeFrame, serverFrameSchema, webSocketPath, type ClientFrame } from '../../shared/ipc/wire';

const tokenStorageKey = 'lens_token';

/**
 * Web mode's token arrives once in the page URL. Keep it for this tab only (sessionStorage) and take
 * it out of the address bar, so it does not end up in history or a screenshot.
 */
export function readToken(loc: Location = location, storage: Storage = sessionStorage): string | null {
  const params = new URLSearchParams(loc.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    storage.setItem(tokenStorageKey, fromUrl);
    params.delete('token');
    const query = params.toString();
    history.replaceState(null, '', `${loc.pathname}${query ? `?${query}` : ''}${loc.hash}`);
    return fromUrl;
  }
  return storage.getItem(tokenStorageKey);
}

type Pending = { resolve: (result: Result<unknown>) => void };
type Listener = (payload: unknown) => void;

/**
 * `LensBridge` over web mode's WebSocket. Invokes made while the socket connects are queued; a lost
 * connection fails what is in flight with a typed error and the next invoke reconnects. Without a
 * token the cookie the server set on page load still authenticates the socket.
 */
export function createWebBridge(token: string | null): LensBridge {
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<Listener>>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;

  function url(): string {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const query = token ? `?token=${encodeURIComponent(token)}` : '';
    return `${scheme}://${location.host}${webSocketPath}${query}`;
  }

  function failAll(message: string): void {
    for (const [id, entry] of pending) {
      entry.resolve({ ok: false, error: { code: 'DISCONNECTED', message } });
      pending.delete(id);
    }
  }

  function onMessage(raw: unknown): void {
    let frame;
    try {
      if (!(raw instanceof ArrayBuffer)) throw new Error('frames are binary MessagePack');
      frame = serverFrameSchema.parse(decodeFrame(raw));
    } catch {
      return; // a frame we do not understand is not worth crashing the UI for
    }
    if (frame.type === 'result') {
      const entry = pending.get(frame.id);
      pending.delete(frame.id);
      entry?.resolve(frame.result as Result<unknown>);
    } else {
      for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload);
    }
  }

  function connect(): Promise<WebSocket> {
    if (opened) return opened;
    opened = new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url());
      ws.binaryType = 'arraybuffer';
      socket = ws;
      ws.addEventListener('open', () => resolve(ws));
      ws.addEventListener('message', (event) => onMessage(event.data));
      ws.addEventListener('close', () => {
        opened = null;
        socket = null;
        failAll('The connection to Anomaly Lens was lost; reload the page to reconnect.');
        reject(new Error('closed'));
      });
    });
    opened.catch(() => undefined);
    return opened;
  }

  // Events only arrive on an open socket, so connect at once rather than on the first invoke.
  void connect().catch(() => undefined);

  return {
    async invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
      let ws: WebSocket;
      try {
        ws = socket?.readyState === WebSocket.OPEN ? socket : await connect();
      } catch {
        return {
          ok: false,
          error: { code: 'DISCONNECTED', message: 'Could not connect to Anomaly Lens; is the web server still running, and was the page opened with its token?' },
        };
      }
      const id = nextId++;
      const frame: ClientFrame = { type: 'invoke', id, channel, request };
      return new Promise((resolve) => {
        pending.set(id, { resolve: resolve as Pending['resolve'] });
        ws.send(encodeFrame(frame));
      });
    },
    subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
  };
}

