import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, metaContentSecurityPolicy, securityHeaders } from './http-security';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

/** Every CSP meta tag in an HTML page, attribute values unescaped. */
function metaPolicies(html: string): string[] {
  const tags = html.match(/<meta\b[^>]*>/gi) ?? [];
  return tags
    .filter((tag) => /http-equiv\s*=\s*["']content-security-policy["']/i.test(tag))
    .map((tag) => /\bcontent\s*=\s*"([^"]*)"/i.exec(tag)?.[1] ?? /\bcontent\s*=\s*'([^']*)'/i.exec(tag)?.[1] ?? '')
    .map((value) => value.replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
}

describe('the Content Security Policy', () => {
  const header = directives(contentSecurityPolicy);

  it('is strict: own origin only, no eval, no plugins, no base or form hijack, no framing', () => {
    expect(header.get('default-src')).toEqual(["'self'"]);
    expect(header.get('script-src')).toEqual(["'self'"]);
    expect(header.get('object-src')).toEqual(["'none'"]);
    expect(header.get('base-uri')).toEqual(["'none'"]);
    expect(header.get('form-action')).toEqual(["'none'"]);
    expect(header.get('frame-ancestors')).toEqual(["'none'"]);
    expect(contentSecurityPolicy).not.toMatch(/unsafe-eval|wasm-unsafe-eval|unsafe-hashes|strict-dynamic/);
  });

  it('names no remote host or scheme-wide source: every source is a keyword or data: for images', () => {
    for (const [name, sources] of header) {
      for (const source of sources) {
        const allowed = /^'(self|none|unsafe-inline)'$/.test(source) || (name === 'img-src' && source === 'data:');
        expect(allowed, `${name} ${source}`).toBe(true);
      }
    }
    // inline code only for styles (Vue/ECharts style attributes, the report preview's <style>)
    for (const [name, sources] of header) if (sources.includes("'unsafe-inline'")) expect(name).toBe('style-src');
  });

  it('is the meta policy plus the header-only frame-ancestors (a meta tag cannot carry it)', () => {
    const meta = directives(metaContentSecurityPolicy);
    expect(meta.has('frame-ancestors')).toBe(false);
    expect(new Map([...meta, ['frame-ancestors', ["'none'"]]])).toEqual(header);
  });

  it("is exactly index.html's meta tag, in the source and in the build", () => {
    const pages = ['src-renderer/index.html', 'dist/renderer/index.html'].filter((file) => existsSync(path.resolve(file)));
    expect(pages).toContain('src-renderer/index.html');
    for (const page of pages) {
      expect(metaPolicies(readFileSync(path.resolve(page), 'utf8')), page).toEqual([metaContentSecurityPolicy]);
    }
  });
});

describe('securityHeaders', () => {
  it('sets nosniff, no referrer, same-origin isolation, no framing, and no CORS header', () => {
    expect(securityHeaders).toMatchObject({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'X-Frame-Options': 'DENY',
    });
    expect(Object.keys(securityHeaders).filter((name) => /^access-control-/i.test(name))).toEqual([]);
  });
});
