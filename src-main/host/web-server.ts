import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { clientFrameSchema, decodeFrame, encodeFrame, tokenCookieName, webSocketPath, type ServerFrame } from '../../shared/ipc/wire';
import { errorCodes } from '../../shared/ipc/contract';
import type { EventHub } from './events';
import type { Route } from './router';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

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

function sameToken(candidate: string | null | undefined, token: string): boolean {
  if (!candidate) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
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
 * first page load); anything else gets 401 and nothing more.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = randomBytes(24).toString('hex');
  const log = options.log ?? (() => undefined);
  let port = options.port;

  const authorised = (request: http.IncomingMessage, url: URL) => {
    const host = request.headers.host ?? '';
    // A page on another site that rebinds its DNS name to 127.0.0.1 still sends its own Host.
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return false;
    return sameToken(url.searchParams.get('token'), token) || sameToken(cookieToken(request.headers.cookie), token);
  };

  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (!authorised(request, url)) {
      response.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' }).end('401 Unauthorized\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = path.resolve(options.rendererDir, `.${relative}`);
    if (!file.startsWith(options.rendererDir + path.sep)) {
      response.writeHead(404).end();
      return;
    }
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    response.writeHead(200, {
      'Content-Type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Content-Security-Policy': contentSecurityPolicy,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'Set-Cookie': `${tokenCookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== webSocketPath || !authorised(request, url)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
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
