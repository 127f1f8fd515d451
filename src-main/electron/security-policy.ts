/**
 * The security decisions of the Electron app as plain functions and values: no Electron at run
 * time (types only), so they are tested without the Electron binary. window.ts and main.ts only
 * wire them to Electron's events.
 */
import type { CustomScheme, WebPreferences } from 'electron';

/** The renderer is served as app://lens/… (never file://): one origin, nothing else on it. */
export const appScheme = 'app';
export const appHost = 'lens';
export const appOrigin = `${appScheme}://${appHost}`;
export const appIndexUrl = `${appOrigin}/index.html`;

/**
 * Registered before `app.whenReady()`. standard: a real origin (relative URLs, storage);
 * secure: a secure context like https; supportFetchAPI: fetch() and module scripts work. Not
 * bypassCSP, not corsEnabled (no other origin may read it), no service workers.
 */
export const appSchemePrivileges: CustomScheme = {
  scheme: appScheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for URLs on the app's own origin, app://lens, and nothing else (no port, no user). */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return (
    parsed !== null &&
    parsed.protocol === `${appScheme}:` &&
    parsed.hostname.toLowerCase() === appHost &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** The IPC sender-frame check: only a frame showing our own app page may call the host. */
export const isAppFrameUrl = isAppUrl;

/** A window may navigate only within the app's origin. */
export const navigationAllowed = isAppUrl;

/**
 * The URL to hand to `shell.openExternal`, or null: https only, parsed (never the raw string), with
 * a host and no credentials. http:, file:, javascript:, custom schemes and malformed URLs: null.
 */
export function externalUrl(url: string): string | null {
  const parsed = parse(url);
  if (!parsed || parsed.protocol !== 'https:' || parsed.hostname === '') return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  return parsed.href;
}

export const externalUrlAllowed = (url: string): boolean => externalUrl(url) !== null;

/** The main window's webPreferences: isolated, sandboxed, no Node anywhere in the renderer. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

/** The hidden print window's: the same, with no preload and no JavaScript at all. */
export function printWebPreferences(): WebPreferences {
  const { preload: _none, ...rest } = secureWebPreferences('');
  return { ...rest, javascript: false };
}
