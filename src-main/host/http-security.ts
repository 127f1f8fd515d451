/**
 * The one Content Security Policy and the security headers, shared by web mode's server and the
 * Electron app:// protocol. src-renderer/index.html repeats the policy as a meta tag (a test keeps
 * the two equal) so that it holds even before a header could apply.
 */

/** Directives a meta tag can carry. `'unsafe-inline'` styles only: Vue/ECharts set inline styles,
 *  and the report preview (a sandboxed srcdoc iframe) inherits this policy with its <style>. */
const pageDirectives = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** Directives browsers ignore in a meta tag: header only. */
const headerOnlyDirectives = ["frame-ancestors 'none'"];

/** The policy as index.html's `<meta http-equiv="Content-Security-Policy">` states it. */
export const metaContentSecurityPolicy = pageDirectives.join('; ');

/** The policy as a response header: the meta policy plus what only a header can say. */
export const contentSecurityPolicy = [...pageDirectives, ...headerOnlyDirectives].join('; ');

/** Sent with every response, errors included. No Access-Control-* header, ever: no CORS. */
export const securityHeaders: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
};
