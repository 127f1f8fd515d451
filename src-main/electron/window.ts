import { app, BrowserWindow, protocol, session, shell, type WebContents } from 'electron';
import { createAppRequestHandler } from './app-protocol';
import { appIndexUrl, appScheme, appSchemePrivileges, externalUrl, navigationAllowed, secureWebPreferences } from './security-policy';

/**
 * Electron glue for the security policy in security-policy.ts: the one secure window factory, the
 * guards every web contents gets, the permission denials and the app:// protocol. The decisions
 * themselves are plain functions tested without Electron; this file only wires them.
 */

/** Before `app.whenReady()`: app:// becomes a standard, secure origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
}

/** After ready: app://lens/… serves the built renderer from `rendererDir` and nothing else. */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(appScheme, createAppRequestHandler(rendererDir));
}

const guarded = new WeakSet<WebContents>();

/**
 * Every web contents, ours or not: no navigation off the app origin, no redirects off it, no new
 * windows (an https link opens in the user's browser instead), no <webview>, no Bluetooth pick.
 */
export function guardWebContents(contents: WebContents): void {
  if (guarded.has(contents)) return;
  guarded.add(contents);
  contents.on('will-navigate', (event, url) => {
    if (!navigationAllowed(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!navigationAllowed(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('select-bluetooth-device', (event, _devices, callback) => {
    event.preventDefault();
    callback('');
  });
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalUrl(url);
    if (external) void shell.openExternal(external);
    return { action: 'deny' };
  });
}

/** Guards each web contents as it is created (windows, the print window, devtools). Call before ready. */
export function guardAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
}

/** The one way we create the app window: secure preferences, guarded, loading app://lens/index.html. */
export function createSecureWindow(preloadPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Anomaly Lens',
    show: false,
    webPreferences: secureWebPreferences(preloadPath),
  });
  guardWebContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(appIndexUrl);
  return window;
}

/**
 * No permission is ever granted: camera, microphone, notifications, geolocation, HID/serial/USB
 * devices and their pickers. getDisplayMedia stays refused: without a display-media handler
 * Electron rejects it.
 */
export function denyAllPermissions(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback(null);
  });
  ses.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
  ses.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
}
