import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../host/http-security';
import { createAppRequestHandler, resolveAppFile } from './app-protocol';

let base: string;
let root: string;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'lens-app-protocol-'));
  root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>lens</title>');
  await writeFile(path.join(root, 'assets', 'index-abc.js'), 'export {};');
  await writeFile(path.join(root, 'assets', 'index-abc.css'), 'body{}');
  await writeFile(path.join(base, 'secret.txt'), 'outside the renderer');
  // a link inside the folder that points out of it, and one that stays inside
  await symlink(path.join(base, 'secret.txt'), path.join(root, 'assets', 'escape.js'));
  await symlink(path.join(root, 'assets', 'index-abc.js'), path.join(root, 'assets', 'inside.js'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('resolveAppFile', () => {
  it('maps app://lens/ paths into the renderer folder', () => {
    expect(resolveAppFile(root, 'app://lens/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://lens/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://lens')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://lens/assets/index-abc.js?v=1#x')).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(resolveAppFile(root, 'app://lens/assets/a%20b.js')).toBe(path.join(root, 'assets', 'a b.js'));
  });

  it('keeps literal dot segments inside the folder (the URL parser resolves them first)', () => {
    expect(resolveAppFile(root, 'app://lens/../../../etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
    expect(resolveAppFile(root, 'app://lens/%2e%2e/%2E%2E/etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
  });

  it.each([
    ['encoded slashes', 'app://lens/..%2f..%2fsecret.txt'],
    ['an encoded slash in a name', 'app://lens/assets%2findex-abc.js'],
    ['encoded backslashes', 'app://lens/..%5c..%5csecret.txt'],
    ['literal backslashes', 'app://lens/..\\..\\secret.txt'],
    ['a double-encoded dot segment', 'app://lens/%252e%252e/secret.txt'],
    ['a dot segment hidden behind encoding', 'app://lens/assets/%2e%2e%2f%2e%2e%2fsecret.txt'],
    ['a NUL byte', 'app://lens/index.html%00.js'],
    ['a control character', 'app://lens/index%0a.html'],
    ['a drive letter', 'app://lens/C:%5cWindows%5cwin.ini'],
    ['an absolute path in a segment', 'app://lens/%2fetc%2fpasswd'],
    ['an empty segment', 'app://lens//etc/passwd'],
    ['a hidden file', 'app://lens/.env'],
    ['malformed percent-encoding', 'app://lens/%E0%A4%A'],
    ['another host', 'app://evil/index.html'],
    ['no host', 'app:///index.html'],
    ['a port', 'app://lens:8080/index.html'],
    ['credentials', 'app://user@lens/index.html'],
    ['another scheme', 'file:///etc/passwd'],
    ['https', 'https://lens/index.html'],
    ['not a URL', '../secret.txt'],
  ])('refuses %s', (_what, url) => {
    expect(resolveAppFile(root, url)).toBeNull();
  });
});

describe('the app:// request handler', () => {
  const get = (url: string, init?: RequestInit) => createAppRequestHandler(root)(new Request(url, init));

  it('serves the page with its type, the CSP and the security headers', async () => {
    const response = await get('app://lens/index.html');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>lens</title>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const names: string[] = [];
    response.headers.forEach((_value, name) => names.push(name));
    expect(names).toContain('content-security-policy');
    expect(names.filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it('gives module scripts and styles their MIME types (Chromium refuses module scripts without)', async () => {
    expect((await get('app://lens/assets/index-abc.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('app://lens/assets/index-abc.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('refuses a symlink that leads out of the folder and follows one that stays inside', async () => {
    const escape = await get('app://lens/assets/escape.js');
    expect(escape.status).toBe(404);
    expect(await escape.text()).not.toContain('outside the renderer');
    const inside = await get('app://lens/assets/inside.js');
    expect(inside.status).toBe(200);
    expect(await inside.text()).toBe('export {};');
  });

  it('answers 404 to traversal attempts, other hosts and missing files, with the security headers', async () => {
    for (const url of ['app://lens/..%2fsecret.txt', 'app://evil/index.html', 'app://lens/missing.js', 'app://lens/assets']) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('serves nothing but GET and HEAD', async () => {
    const post = await get('app://lens/index.html', { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await get('app://lens/index.html', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String('<!doctype html><title>lens</title>'.length));
  });
});

describe('the built renderer under app://lens/', () => {
  const built = path.resolve('dist/renderer');

  it.skipIf(!existsSync(path.join(built, 'index.html')))('references only relative assets that the protocol serves', async () => {
    const html = readFileSync(path.join(built, 'index.html'), 'utf8');
    const urls = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((match) => match[1]!).filter((url) => !url.startsWith('data:'));
    expect(urls.length).toBeGreaterThanOrEqual(2); // the bundle and its stylesheet
    const handle = createAppRequestHandler(built);
    for (const url of urls) {
      expect(url, 'a relative URL (vite base "./"): an absolute one would not resolve the same in both modes').toMatch(/^\.\//);
      const absolute = new URL(url, 'app://lens/index.html').href;
      expect(resolveAppFile(built, absolute), absolute).not.toBeNull();
      const response = await handle(new Request(absolute));
      expect(response.status, absolute).toBe(200);
      expect(response.headers.get('content-type'), absolute).toMatch(/^text\/(javascript|css)/);
    }
  });
});
