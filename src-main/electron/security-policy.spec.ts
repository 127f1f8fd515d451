import { describe, expect, it } from 'vitest';
import {
  appIndexUrl,
  appSchemePrivileges,
  externalUrl,
  externalUrlAllowed,
  isAppFrameUrl,
  navigationAllowed,
  printWebPreferences,
  secureWebPreferences,
} from './security-policy';

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the renderer, with no Node anywhere in it', () => {
    const prefs = secureWebPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
    });
    // nothing that loosens it is ever set
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
    expect(prefs.javascript).not.toBe(false); // the app page does run its own bundle
  });

  it('gives the print window the same isolation with no preload and no JavaScript', () => {
    const prefs = printWebPreferences();
    expect(prefs).not.toHaveProperty('preload');
    expect(prefs).toMatchObject({ javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true });
  });
});

describe('app:// scheme', () => {
  it('is standard and secure but neither bypasses CSP nor opens to CORS', () => {
    expect(appSchemePrivileges.scheme).toBe('app');
    expect(appSchemePrivileges.privileges).toEqual({ standard: true, secure: true, supportFetchAPI: true });
    expect(appIndexUrl).toBe('app://lens/index.html');
  });
});

describe('isAppFrameUrl (the IPC sender-frame check)', () => {
  it.each(['app://lens/index.html', 'app://lens/', 'app://lens/index.html?x=1#results', 'app://LENS/index.html'])('accepts %s', (url) => {
    expect(isAppFrameUrl(url)).toBe(true);
    expect(navigationAllowed(url)).toBe(true);
  });

  it.each([
    ['a file URL', 'file:///opt/anomaly-lens/resources/app/dist/renderer/index.html'],
    ['another app host', 'app://evil/index.html'],
    ['a host that only starts like ours', 'app://lens.evil/index.html'],
    ['a port', 'app://lens:1/index.html'],
    ['credentials', 'app://user:pw@lens/index.html'],
    ['an empty host', 'app:///index.html'],
    ['https', 'https://lens/index.html'],
    ['web mode', 'http://127.0.0.1:5917/index.html'],
    ['a srcdoc frame', 'about:srcdoc'],
    ['about:blank', 'about:blank'],
    ['a data URL', 'data:text/html,<script>1</script>'],
    ['javascript:', 'javascript:alert(1)'],
    ['the empty string', ''],
    ['a malformed URL', 'app://lens:port/'],
  ])('refuses %s', (_what, url) => {
    expect(isAppFrameUrl(url)).toBe(false);
    expect(navigationAllowed(url)).toBe(false);
  });
});

describe('externalUrlAllowed (shell.openExternal)', () => {
  it('allows https links and hands over the parsed URL, not the raw string', () => {
    expect(externalUrlAllowed('https://github.com/anomaly-lens/docs#threshold')).toBe(true);
    expect(externalUrl('  https://example.com/a b\n')).toBe('https://example.com/a%20b');
    expect(externalUrl('HTTPS://Example.COM')).toBe('https://example.com/');
  });

  it.each([
    ['http', 'http://example.com/'],
    ['file', 'file:///etc/passwd'],
    ['javascript', 'javascript:alert(1)'],
    ['a custom scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['a custom scheme with slashes', 'vscode://file/etc/passwd'],
    ['smb', 'smb://attacker.example/share'],
    ['data', 'data:text/html,hi'],
    ['the app itself', 'app://lens/index.html'],
    ['credentials', 'https://user:secret@example.com/'],
    ['a user name alone', 'https://user@example.com/'],
    ['malformed', 'https://'],
    ['not a URL', 'example.com'],
    ['a relative path', '/docs'],
    ['empty', ''],
  ])('refuses %s', (_what, url) => {
    expect(externalUrlAllowed(url)).toBe(false);
    expect(externalUrl(url)).toBeNull();
  });
});
