/**
 * The app:// protocol's handler as a plain function of a web Request (the type Electron's
 * `protocol.handle` passes), so it runs and is tested without Electron. Serves the built renderer
 * only, read-only, with the CSP and security headers on every response.
 */
import { readFile } from 'node:fs/promises';
import { contentSecurityPolicy, securityHeaders } from '../host/http-security';
import { containedFileSize, contentTypeOf, resolveStaticPath } from '../host/static-files';
import { appHost, appScheme } from './security-policy';

/**
 * The file an app:// URL names inside `rootDir`, or null for anything else: another scheme or
 * host (only app://lens), a port or credentials, and any path that could leave the folder (`..`
 * or encoded dots, encoded slashes or backslashes, NUL, drive letters, empty segments).
 */
export function resolveAppFile(rootDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${appScheme}:` || parsed.hostname.toLowerCase() !== appHost) return null;
  if (parsed.port !== '' || parsed.username !== '' || parsed.password !== '') return null;
  // a literal backslash survives in the path of a non-special scheme: refuse, never reinterpret
  if (parsed.pathname.includes('\\')) return null;
  return resolveStaticPath(rootDir, parsed.pathname === '' ? '/' : parsed.pathname);
}

function refusal(status: number, text: string, extra: Record<string, string> = {}): Response {
  return new Response(`${text}\n`, {
    status,
    headers: { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8', ...extra },
  });
}

export function createAppRequestHandler(rootDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'method not allowed', { Allow: 'GET, HEAD' });
    const file = resolveAppFile(rootDir, request.url);
    const size = file === null ? null : await containedFileSize(rootDir, file);
    if (file === null || size === null) return refusal(404, 'not found');
    const headers = {
      ...securityHeaders,
      'Content-Type': contentTypeOf(file),
      'Content-Length': String(size),
      'Content-Security-Policy': contentSecurityPolicy,
    };
    // the renderer's files are a few MB at most: read whole, no stream to leak
    const body = request.method === 'HEAD' ? null : await readFile(file);
    return new Response(body, { status: 200, headers });
  };
}
