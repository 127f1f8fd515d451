/**
 * The Electron glue in window.ts and print-pdf.ts, run against a stand-in for the 'electron' module
 * (the runtime cannot be installed here): which options each window gets, which handlers it
 * installs, and what those handlers decide.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (...args: any[]) => unknown;

const fake = vi.hoisted(() => {
  class FakeEmitter {
    readonly listeners = new Map<string, Listener[]>();
    on(name: string, listener: Listener) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
      return this;
    }
    once(name: string, listener: Listener) {
      return this.on(name, listener);
    }
    emit(name: string, ...args: unknown[]) {
      for (const listener of this.listeners.get(name) ?? []) listener(...args);
    }
  }
  class FakeWebContents extends FakeEmitter {
    windowOpenHandler: Listener | null = null;
    setWindowOpenHandler(handler: Listener) {
      this.windowOpenHandler = handler;
    }
    printToPDF = async () => Buffer.from('%PDF-1.7 fake');
  }
  class FakeBrowserWindow extends FakeEmitter {
    static created: FakeBrowserWindow[] = [];
    readonly webContents = new FakeWebContents();
    loadedUrl: string | null = null;
    loadedFile: string | null = null;
    destroyed = false;
    constructor(readonly options: Record<string, any>) {
      super();
      FakeBrowserWindow.created.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    async loadURL(url: string) {
      this.loadedUrl = url;
    }
    async loadFile(file: string) {
      this.loadedFile = file;
    }
    show() {}
    destroy() {
      this.destroyed = true;
    }
  }
  const app = new FakeEmitter();
  const session = Object.assign(new FakeEmitter(), {
    permissionRequest: null as Listener | null,
    permissionCheck: null as Listener | null,
    devicePermission: null as Listener | null,
    setPermissionRequestHandler(handler: Listener) {
      this.permissionRequest = handler;
    },
    setPermissionCheckHandler(handler: Listener) {
      this.permissionCheck = handler;
    },
    setDevicePermissionHandler(handler: Listener) {
      this.devicePermission = handler;
    },
  });
  const protocol = {
    privileged: [] as unknown[],
    handlers: new Map<string, (request: Request) => Promise<Response>>(),
    registerSchemesAsPrivileged(schemes: unknown[]) {
      this.privileged.push(...schemes);
    },
    handle(scheme: string, handler: (request: Request) => Promise<Response>) {
      this.handlers.set(scheme, handler);
    },
  };
  const shell = { opened: [] as string[], openExternal: async (url: string) => void shell.opened.push(url) };
  return { FakeBrowserWindow, FakeWebContents, app, session, protocol, shell };
});

vi.mock('electron', () => ({
  app: fake.app,
  BrowserWindow: fake.FakeBrowserWindow,
  protocol: fake.protocol,
  session: { defaultSession: fake.session },
  shell: fake.shell,
}));

const { createSecureWindow, denyAllPermissions, guardAllWebContents, guardWebContents, registerAppScheme, serveAppProtocol } = await import('./window');
const { printPdfInHiddenWindow } = await import('./print-pdf');
const { secureWebPreferences } = await import('./security-policy');

function preventable() {
  return { prevented: false, preventDefault() { this.prevented = true; } };
}

function navigate(contents: InstanceType<typeof fake.FakeWebContents>, event: 'will-navigate' | 'will-redirect', url: string): boolean {
  const e = preventable();
  contents.emit(event, e, url);
  return !e.prevented;
}

const hostile = ['https://example.com/', 'http://127.0.0.1:5917/', 'file:///etc/passwd', 'app://evil/index.html', 'javascript:alert(1)', 'about:blank'];

beforeEach(() => {
  fake.FakeBrowserWindow.created.length = 0;
  fake.shell.opened.length = 0;
});

describe('createSecureWindow', () => {
  it('creates the window with the secure preferences and loads app://lens/index.html, not a file', () => {
    const window = createSecureWindow('/app/dist/main/preload.cjs') as unknown as InstanceType<typeof fake.FakeBrowserWindow>;
    expect(window.options.webPreferences).toEqual(secureWebPreferences('/app/dist/main/preload.cjs'));
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(window.loadedUrl).toBe('app://lens/index.html');
    expect(window.loadedFile).toBeNull();
  });

  it('stays on the app origin: hostile navigations and redirects are prevented, in-app ones are not', () => {
    const { webContents } = createSecureWindow('/p.cjs') as unknown as InstanceType<typeof fake.FakeBrowserWindow>;
    for (const url of hostile) {
      expect(navigate(webContents, 'will-navigate', url), url).toBe(false);
      expect(navigate(webContents, 'will-redirect', url), url).toBe(false);
    }
    expect(navigate(webContents, 'will-navigate', 'app://lens/index.html#results')).toBe(true);
  });

  it('denies every new window and hands only https links to the browser, parsed', () => {
    const { webContents } = createSecureWindow('/p.cjs') as unknown as InstanceType<typeof fake.FakeBrowserWindow>;
    const open = (url: string) => webContents.windowOpenHandler!({ url, frameName: '', features: '', disposition: 'new-window' });
    for (const url of ['https://docs.example/guide', ...hostile, 'https://user:pw@example.com/', 'smb://host/share']) {
      expect(open(url), url).toEqual({ action: 'deny' });
    }
    expect(fake.shell.opened).toEqual(['https://docs.example/guide', 'https://example.com/']);
  });

  it('prevents <webview> and cancels a Bluetooth device pick', () => {
    const { webContents } = createSecureWindow('/p.cjs') as unknown as InstanceType<typeof fake.FakeBrowserWindow>;
    const attach = preventable();
    webContents.emit('will-attach-webview', attach, {}, { src: 'https://example.com' });
    expect(attach.prevented).toBe(true);
    const pick = preventable();
    const chosen = vi.fn();
    webContents.emit('select-bluetooth-device', pick, [{ deviceId: 'd1', deviceName: 'x' }], chosen);
    expect(pick.prevented).toBe(true);
    expect(chosen).toHaveBeenCalledWith('');
  });

  it('installs each guard once even when the global hook has guarded the contents already', () => {
    guardAllWebContents();
    const { webContents } = createSecureWindow('/p.cjs') as unknown as InstanceType<typeof fake.FakeBrowserWindow>;
    expect(webContents.listeners.get('will-navigate')).toHaveLength(1);
  });
});

describe('guardAllWebContents', () => {
  it('guards web contents that were not made by createSecureWindow', () => {
    guardAllWebContents();
    const contents = new fake.FakeWebContents();
    fake.app.emit('web-contents-created', {}, contents);
    expect(navigate(contents, 'will-navigate', 'https://example.com/')).toBe(false);
    expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    guardWebContents(contents as never);
    expect(contents.listeners.get('will-navigate')).toHaveLength(1);
  });
});

describe('denyAllPermissions', () => {
  it('refuses every permission request, check, device and device pick', () => {
    denyAllPermissions();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'display-capture', 'fileSystem']) {
      const callback = vi.fn();
      fake.session.permissionRequest!({}, permission, callback, {});
      expect(callback, permission).toHaveBeenCalledWith(false);
      expect(fake.session.permissionCheck!({}, permission, 'app://lens', {})).toBe(false);
    }
    expect(fake.session.devicePermission!({ deviceType: 'hid', origin: 'app://lens' })).toBe(false);
    for (const [event, args, cancel] of [
      ['select-hid-device', [{ deviceList: [{ deviceId: 'h' }] }], null],
      ['select-serial-port', [[{ portId: 'p' }], {}], ''],
      ['select-usb-device', [{ deviceList: [{ deviceId: 'u' }] }], undefined],
    ] as const) {
      const e = preventable();
      const callback = vi.fn();
      fake.session.emit(event, e, ...args, callback);
      expect(e.prevented, event).toBe(true);
      expect(callback.mock.calls, event).toEqual([cancel === undefined ? [] : [cancel]]);
    }
  });
});

describe('the app:// protocol wiring', () => {
  it('registers app as a privileged scheme and serves the renderer folder through it', async () => {
    registerAppScheme();
    expect(fake.protocol.privileged).toContainEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lens-window-'));
    try {
      await import('node:fs/promises').then((fs) => fs.writeFile(path.join(dir, 'index.html'), '<title>app</title>'));
      serveAppProtocol(dir);
      const handler = fake.protocol.handlers.get('app')!;
      expect(await (await handler(new Request('app://lens/index.html'))).text()).toBe('<title>app</title>');
      expect((await handler(new Request('app://lens/..%2f..%2fetc%2fpasswd'))).status).toBe(404);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('printPdfInHiddenWindow', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('prints in a hidden, script-less, preload-less, guarded window and destroys it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lens-print-'));
    dirs.push(dir);
    await printPdfInHiddenWindow(path.join(dir, 'report.html'), path.join(dir, 'report.pdf'));
    const [window] = fake.FakeBrowserWindow.created;
    expect(window!.options.show).toBe(false);
    expect(window!.options.webPreferences).toMatchObject({ javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(window!.options.webPreferences).not.toHaveProperty('preload');
    expect(window!.loadedFile).toBe(path.join(dir, 'report.html'));
    expect(navigate(window!.webContents, 'will-navigate', 'https://example.com/')).toBe(false);
    expect(window!.webContents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(window!.destroyed).toBe(true);
    expect(await readFile(path.join(dir, 'report.pdf'), 'utf8')).toBe('%PDF-1.7 fake');
  });
});
