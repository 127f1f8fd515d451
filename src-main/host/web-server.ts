import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { clientFrameSchema, decodeFrame, encodeFrame, tokenCookieName, webSocketPath, type ServerFrame } from '../../shared/ipc/wire';
import { errorCodes } from '../../shared/ipc/contract';
import type { EventHub } from './events';
import { contentSecurityPolicy, securityHeaders } from './http-security';
import type { Route } from './router';
import { containedFileSize, contentTypeOf, resolveStaticPath } from './static-files';

/**
 * The largest WebSocket message a client may send; a bigger one closes the socket (1009). The
 * largest legitimate requests carry column lists: `projects:save` and `models:validate` allow
 * 100 000 columns, which at a few dozen bytes a name is several MB of MessagePack.
 */
export const webSocketMaxPayload = 16 * 2 ** 20;

export interface WebServerOptions {
  port: number;
  rendererDir: string;
  route: Route;
  events: EventHub;
  log?: (line: string) => void;
}

export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Constant time in the candidate's content and length: both sides are hashed to 32 bytes first. */
export function sameToken(candidate: string | null | undefined, token: string): boolean {
  if (!candidate) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(candidate), digest(token));
}

function cookieToken(header: string | undefined): string | null {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === tokenCookieName) return value.join('=');
  }
  return null;
}

/**
 * Web mode: the built renderer and the same router as Electron, on 127.0.0.1 only. Every HTTP
 * request and WebSocket upgrade must carry the per-start token (query or the cookie set on the
 * first page load) and name this server in its Host header; anything else gets 401 and nothing
 * more. A request from a page of another origin (its Origin header) gets 403. Only GET and HEAD
 * without a body are served; no response carries a CORS header.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = randomBytes(24).toString('hex');
  const log = options.log ?? (() => undefined);
  let port = options.port;
  const ownHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];

  const authorised = (request: http.IncomingMessage, url: URL) => {
    // A page on another site that rebinds its DNS name to 127.0.0.1 still sends its own Host.
    if (!ownHosts().includes(request.headers.host ?? '')) return false;
    return sameToken(url.searchParams.get('token'), token) || sameToken(cookieToken(request.headers.cookie), token);
  };

  /**
   * Browsers send Origin with every WebSocket handshake and every cross-origin request: when it is
   * there it must be this server. When it is absent the client is not a browser page (the CLI, a
   * test, curl), which the DNS-rebinding and cross-site attacks this guards against cannot use; it
   * still needs the token.
   */
  const sameOrigin = (request: http.IncomingMessage) => {
    const origin = request.headers.origin;
    return origin === undefined || ownHosts().some((host) => origin === `http://${host}`);
  };

  const server = http.createServer(async (request, response) => {
    // A refusal closes the connection: whatever body the request still has is never read.
    const refuse = (status: number, text: string, extra: Record<string, string> = {}) => {
      const headers = { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close', ...extra };
      response.writeHead(status, headers).end(`${text}\n`);
    };
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (!authorised(request, url)) return refuse(401, '401 Unauthorized');
    if (!sameOrigin(request)) return refuse(403, '403 Forbidden');
    // Nothing here takes a body (OPTIONS preflights included): refuse one unread.
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, '405 Method Not Allowed', { Allow: 'GET, HEAD' });
    const hasBody = Number(request.headers['content-length'] ?? 0) !== 0 || request.headers['transfer-encoding'] !== undefined;
    if (hasBody) return refuse(413, '413 Content Too Large');
    const file = resolveStaticPath(options.rendererDir, url.pathname);
    const size = file === null ? null : await containedFileSize(options.rendererDir, file);
    if (file === null || size === null) return refuse(404, 'not found');
    response.writeHead(200, {
      ...securityHeaders,
      'Content-Type': contentTypeOf(file),
      'Content-Length': size,
      'Content-Security-Policy': contentSecurityPolicy,
      'Set-Cookie': `${tokenCookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  });

  // `Expect: 100-continue` gets no 100: the handler answers (and refuses the body) first.
  server.on('checkContinue', (request, response) => server.emit('request', request, response));

  const sockets = new WebSocketServer({ noServer: true, maxPayload: webSocketMaxPayload });
  server.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const refuse = (status: string) => socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    if (url.pathname !== webSocketPath || !authorised(request, url)) return refuse('401 Unauthorized');
    if (!sameOrigin(request)) {
      log(`web mode: refused a WebSocket from origin ${String(request.headers.origin).slice(0, 200)}`);
      return refuse('403 Forbidden');
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveSocket(ws, options, log));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function serveSocket(ws: WebSocket, options: WebServerOptions, log: (line: string) => void): void {
  const send = (frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(encodeFrame(frame));
  };
  const unsubscribe = options.events.listen((event, payload) => send({ type: 'event', event, payload }));
  ws.on('close', unsubscribe);
  // a message over maxPayload (or a broken frame) arrives here, then the socket closes (1009/1002);
  // without a listener it would be an uncaught exception that ends web mode
  ws.on('error', (error) => log(`web mode: closed a WebSocket: ${error.message}`));
  ws.on('message', async (data, isBinary) => {
    let frame;
    try {
      if (!isBinary) throw new Error('frames are binary MessagePack');
      // ws's default binaryType ('nodebuffer') hands every message over as one Buffer
      frame = clientFrameSchema.parse(decodeFrame(data as Buffer));
    } catch {
      log('web mode: dropped a malformed frame');
      send({ type: 'result', id: -1, result: { ok: false, error: { code: errorCodes.badRequest, message: 'malformed frame' } } });
      return;
    }
    const result = await options.route(frame.channel, frame.request);
    send({ type: 'result', id: frame.id, result });
  });
}
