/**
 * Electron glue for the desktop integration: the menus, paths the OS hands over, the window's place,
 * taskbar progress and job notifications. Every decision is made in a pure module (menu.ts,
 * open-path.ts, window-state.ts, job-progress.ts); this file only applies them.
 */
import { app, clipboard, dialog, Menu, Notification, screen, type BrowserWindow, type MessageBoxOptions } from 'electron';
import tfjsPackage from '@tensorflow/tfjs/package.json';
import packageJson from '../../package.json';
import type { EventName, EventPayload } from '../../shared/ipc';
import type { HostServices } from '../host/services';
import { jobNotice, JobTracker, progressChanged, progressIdle, shouldNotify, type JobEnd, type RunBrief } from './job-progress';
import { aboutText, buildMenuTemplate } from './menu';
import { classifyOpenPath } from '../project/open-target';
import { debounced, fitWindowState, readWindowState, writeWindowState } from './window-state';

const appName = packageJson.productName;
/** requests after which the recent projects or the session's runs may differ: the menu shows both */
const menuChannels = new Set(['projects:save', 'projects:open', 'projects:forget']);
/** electron-builder's appId: Windows shows notifications only for an app with a user model id */
const appUserModelId = 'org.anomalylens.app';

export class Desktop {
  private window: BrowserWindow | null = null;
  private services: HostServices | null = null;
  /** the page has loaded and listens for events; paths handed over before wait in `pending` */
  private pageReady = false;
  private readonly pending: string[] = [];
  private readonly jobs = new JobTracker();
  private shownProgress = progressIdle;
  /** shown notifications: one garbage-collected before it is clicked loses its click handler */
  private readonly notifications = new Set<Notification>();
  private menuBuild: Promise<void> | null = null;
  private menuStale = false;

  /** After ready, with the host: the menu, and the host's job events for the taskbar and notifications. */
  start(services: HostServices): void {
    this.services = services;
    if (process.platform === 'win32') app.setAppUserModelId(appUserModelId);
    services.events.listen((event, payload) => this.onHostEvent(event, payload));
    this.refreshMenu();
  }

  /** The app's window: restores its saved place, keeps it, and opens what was handed over once the page listens. */
  attach(window: BrowserWindow, stateFile: string): void {
    this.window = window;
    rememberWindowState(window, stateFile, (line) => this.services?.log(line));
    window.on('closed', () => {
      this.window = null;
      this.pageReady = false;
    });
    window.webContents.on('did-finish-load', () => {
      this.pageReady = true;
      for (const file of this.pending.splice(0)) this.open(file);
    });
  }

  /** A path from the command line, a second launch or macOS's open-file: the page opens it. */
  open(file: string | null): void {
    if (!file) return;
    const services = this.services;
    if (!services || !this.pageReady) {
      this.pending.push(file);
      return;
    }
    this.focus();
    void classifyOpenPath(file).then(
      (target) => services.events.emit('app:openPath', target),
      (error: unknown) => services.log(`could not open ${file}: ${String(error)}`),
    );
  }

  focus(): void {
    const window = this.window;
    if (!window) return;
    if (window.isMinimized()) window.restore();
    if (!window.isVisible()) window.show();
    window.focus();
  }

  /** The host's router, refreshing the menu after requests that change what it lists. */
  refreshingMenu<R>(route: (channel: unknown, request: unknown) => Promise<R>): (channel: unknown, request: unknown) => Promise<R> {
    return async (channel, request) => {
      const result = await route(channel, request);
      if (typeof channel === 'string' && menuChannels.has(channel)) this.refreshMenu();
      return result;
    };
  }

  /** Rebuilds the menu from the recent list and the job state; one build at a time, the last request wins. */
  refreshMenu(): void {
    if (this.menuBuild) {
      this.menuStale = true;
      return;
    }
    this.menuBuild = this.buildMenu()
      .catch((error: unknown) => this.services?.log(`menu: ${String(error)}`))
      .finally(() => {
        this.menuBuild = null;
        if (this.menuStale) {
          this.menuStale = false;
          this.refreshMenu();
        }
      });
  }

  private async buildMenu(): Promise<void> {
    const services = this.services;
    const recent = services ? await services.recentProjects.list().catch(() => []) : [];
    const state = {
      platform: process.platform,
      appName,
      packaged: app.isPackaged,
      recent,
      hasRuns: (services?.runs.list().length ?? 0) > 0,
      jobRunning: this.jobs.running,
    };
    const template = buildMenuTemplate(state, {
      command: (command, path) => this.services?.events.emit('app:menuCommand', path === undefined ? { command } : { command, path }),
      about: () => void this.showAbout(),
      clearRecent: () => void this.clearRecent(),
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  private async clearRecent(): Promise<void> {
    await this.services?.recentProjects.clear();
    this.refreshMenu();
  }

  private async showAbout(): Promise<void> {
    const text = aboutText({
      appName,
      appVersion: packageJson.version,
      versions: process.versions,
      tfjsVersion: tfjsPackage.version,
      backend: this.services?.compute.backend ?? null,
      platform: `${process.platform} ${process.arch}`,
    });
    const options: MessageBoxOptions = { type: 'info', title: text.title, message: text.message, detail: text.detail, buttons: ['Close', 'Copy'], defaultId: 0, cancelId: 0, noLink: true };
    const { response } = this.window ? await dialog.showMessageBox(this.window, options) : await dialog.showMessageBox(options);
    if (response === 1) clipboard.writeText(`${text.message}\n${text.detail}`);
  }

  private onHostEvent(event: EventName, payload: unknown): void {
    const wasRunning = this.jobs.running;
    const end = this.jobs.handle(event, payload, Date.now());
    this.showProgress(this.jobs.progress);
    if (wasRunning !== this.jobs.running || event === 'training:done') this.refreshMenu();
    if (end) this.notify(end);
  }

  private showProgress(value: number): void {
    if (!this.window || !progressChanged(this.shownProgress, value)) return;
    this.shownProgress = value;
    this.window.setProgressBar(value);
  }

  /** `printPdf` that tells, by a notification, when a long print ends unseen. */
  timedPrint(print: (htmlFile: string, pdfFile: string) => Promise<void>): (htmlFile: string, pdfFile: string) => Promise<void> {
    return async (htmlFile, pdfFile) => {
      const startedAt = Date.now();
      const end = (outcome: JobEnd['outcome'], message: string | null): JobEnd => ({
        kind: 'pdf', outcome, durationMs: Date.now() - startedAt, runId: null, message, sweep: null, file: pdfFile,
      });
      try {
        await print(htmlFile, pdfFile);
      } catch (error) {
        this.notify(end('failed', error instanceof Error ? error.message : String(error)));
        throw error;
      }
      this.notify(end('done', null));
    };
  }

  private notify(end: JobEnd): void {
    const window = this.window;
    if (!shouldNotify(end, { windowFocused: window?.isFocused() ?? false, supported: Notification.isSupported() })) return;
    const notice = jobNotice(end, (runId) => this.runBrief(runId));
    if (!notice) return;
    const notification = new Notification({ title: notice.title, body: notice.body });
    this.notifications.add(notification);
    notification.on('click', () => {
      this.notifications.delete(notification);
      this.focus();
      this.showRun(notice.show);
    });
    notification.on('close', () => this.notifications.delete(notification));
    notification.show();
  }

  private showRun(show: EventPayload<'app:showRun'>): void {
    this.services?.events.emit('app:showRun', show);
  }

  private runBrief(runId: string): RunBrief | null {
    try {
      const { result } = this.services!.runs.get(runId);
      return { name: result.model.preset, datasetName: result.datasetName, f1: result.threshold.metrics?.f1 ?? null, epochsRun: result.epochsRun };
    } catch {
      return null;
    }
  }
}

/** Opens the window where it was (fitted to today's displays) and saves its place as it moves and when it closes. */
function rememberWindowState(window: BrowserWindow, file: string, log: (line: string) => void): void {
  const [minWidth = 0, minHeight = 0] = window.getMinimumSize();
  const [width = 1400, height = 900] = window.getSize();
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const state = fitWindowState(readWindowState(file), workAreas, screen.getPrimaryDisplay().workArea, { width: minWidth, height: minHeight }, { width, height });
  window.setBounds({ x: state.x, y: state.y, width: state.width, height: state.height });
  if (state.maximized) window.once('ready-to-show', () => window.maximize());

  const save = () => {
    // full screen is a passing mode: the place to come back to is the one before it
    if (window.isDestroyed() || window.isFullScreen()) return;
    try {
      writeWindowState(file, { ...window.getNormalBounds(), maximized: window.isMaximized() });
    } catch (error) {
      log(`could not save the window's place: ${String(error)}`);
    }
  };
  const later = debounced(save, 500);
  window.on('resize', () => later.schedule());
  window.on('move', () => later.schedule());
  window.on('maximize', () => later.schedule());
  window.on('unmaximize', () => later.schedule());
  window.on('close', () => {
    later.cancel();
    save();
  });
}
