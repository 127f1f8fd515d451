import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Mapping a request path onto the built renderer's folder, for web mode's server and Electron's
 * app:// protocol alike. Anything that could leave the folder is refused, not cleaned up.
 */

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

export function contentTypeOf(file: string): string {
  return contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file a URL path names inside `rootDir`, or null. `urlPathname` is still percent-encoded (as
 * `URL.pathname` gives it; the URL parser has already removed literal `.` and `..` segments). Each
 * segment is decoded once, on its own, and refused if it holds a slash, backslash, colon, percent
 * sign (a second decoding somewhere must not find anything either), NUL or other control character,
 * starts with a dot (`..`, `.`, hidden files), or is empty (`//`). `/` is index.html.
 */
export function resolveStaticPath(rootDir: string, urlPathname: string): string | null {
  if (!urlPathname.startsWith('/')) return null;
  const raw = urlPathname === '/' ? ['index.html'] : urlPathname.slice(1).split('/');
  const segments: string[] = [];
  for (const encoded of raw) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return null; // malformed percent-encoding
    }
    if (segment === '' || segment.startsWith('.') || /[/\\:%\u0000-\u001f\u007f]/.test(segment)) return null;
    segments.push(segment);
  }
  const root = path.resolve(rootDir);
  const file = path.resolve(root, ...segments);
  const relative = path.relative(root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return file;
}

/**
 * The file's size when it is a regular file whose real path (symlinks followed) is still inside
 * `rootDir`, else null: a link in the renderer folder cannot serve a file from elsewhere.
 */
export async function containedFileSize(rootDir: string, file: string): Promise<number | null> {
  try {
    const [realRoot, realFile] = await Promise.all([realpath(rootDir), realpath(file)]);
    const relative = path.relative(realRoot, realFile);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
    const info = await stat(realFile);
    return info.isFile() ? info.size : null;
  } catch {
    return null;
  }
}
