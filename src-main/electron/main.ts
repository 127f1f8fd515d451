/** Electron's main process: thin glue around the same host the web mode uses. */
import { app, BrowserWindow, dialog, ipcMain, utilityProcess } from 'electron';
import path from 'node:path';
import { createHandlers } from '../host/handlers';
import { rendererDir } from '../host/paths';
import { createRouter } from '../host/router';
import { createHostServices } from '../host/services';
import type { ComputeMessage, HostMessage } from '../jobs/protocol';
import { computeArgs, computeEnv, defaultComputeEntry, type ComputeLaunch, type ComputeTransport } from '../jobs/transport';
import { backendArgument, backendFlag } from '../cli/backend-flag';
import { Desktop } from './desktop';
import { handedOverPath, pathToOpen } from './open-path';
import { printPdfInHiddenWindow } from './print-pdf';
import { isAppFrameUrl } from './security-policy';
import { createSecureWindow, denyAllPermissions, guardAllWebContents, registerAppScheme, serveAppProtocol } from './window';
import { windowStateFileName } from './window-state';

// before ready: app:// must be privileged before the app starts, and every web contents is guarded
registerAppScheme();
guardAllWebContents();

function utilityTransport(launch: ComputeLaunch): ComputeTransport {
  // a probe (settings: which backends load here) is read, so its output is piped
  const stdio = launch.probe ? 'pipe' : 'inherit';
  const child = utilityProcess.fork(defaultComputeEntry(), computeArgs(launch), { serviceName: 'Anomaly Lens compute', stdio, env: computeEnv(launch) });
  return {
    send: (message: HostMessage) => child.postMessage(message),
    onMessage: (listener) => child.on('message', (message) => listener(message as ComputeMessage)),
    onExit: (listener) => child.on('exit', (code) => listener(code, null)),
    onOutput: (listener) => [child.stdout, child.stderr].forEach((stream) => stream?.on('data', (chunk: Buffer) => listener(chunk.toString()))),
    kill: () => void child.kill(),
  };
}

async function main(): Promise<void> {
  // ANOMALY_LENS_HOME (tests, portable use): its own user data, so its own window place and instance lock
  if (process.env.ANOMALY_LENS_HOME) app.setPath('userData', path.resolve(process.env.ANOMALY_LENS_HOME));
  const launchedWith = pathToOpen(process.argv, process.cwd(), { defaultApp: process.defaultApp });
  // one app per user-data folder: a second launch hands its path to the first and quits
  if (!app.requestSingleInstanceLock({ path: launchedWith })) {
    app.quit();
    return;
  }
  const desktop = new Desktop();
  app.on('second-instance', (_event, argv, cwd, data) => {
    desktop.focus();
    desktop.open(handedOverPath(data, argv, cwd, { defaultApp: process.defaultApp }));
  });
  // macOS hands documents over by event, the first possibly before ready
  app.on('open-file', (event, file) => {
    event.preventDefault();
    desktop.open(file);
  });
  desktop.open(launchedWith);
  await app.whenReady();
  denyAllPermissions();
  serveAppProtocol(rendererDir());
  let window: BrowserWindow | null = null;
  const services = await createHostServices({
    mode: 'electron',
    workspaceDir: path.join(app.getPath('userData'), 'workspace'),
    spawnCompute: utilityTransport,
    // --backend <choice> wins over the saved setting for this run; a wrong value stops the start with the allowed ones
    backend: backendFlag(backendArgument(process.argv)),
    printPdf: desktop.timedPrint(printPdfInHiddenWindow),
    pickFile: async () => {
      const options = {
        title: 'Open a dataset',
        properties: ['openFile' as const],
        filters: [
          { name: 'Tables', extensions: ['csv', 'tsv', 'txt', 'parquet', 'gz'] },
          { name: 'All files', extensions: ['*'] },
        ],
      };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    pickFolder: async (purpose) => {
      const options = {
        title: purpose === 'open' ? 'Open a project folder' : 'Save the project in a folder',
        properties: purpose === 'open' ? ['openDirectory' as const] : ['openDirectory' as const, 'createDirectory' as const],
      };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  });
  desktop.start(services);
  const route = desktop.refreshingMenu(createRouter(createHandlers(services), services.log));
  ipcMain.handle('lens:invoke', (event, channel: unknown, request: unknown) => {
    // Only our own top-level app page may talk to the host.
    const url = event.senderFrame?.url ?? '';
    if (!window || event.sender !== window.webContents || !isAppFrameUrl(url)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'request from an unknown frame' } };
    }
    return route(channel, request);
  });
  services.events.listen((event, payload) => window?.webContents.send('lens:event', event, payload));
  window = createSecureWindow(path.join(__dirname, 'preload.cjs'));
  desktop.attach(window, path.join(app.getPath('userData'), windowStateFileName));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => void services.close());
}

main().catch((error) => {
  dialog.showErrorBox('Anomaly Lens could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
});
