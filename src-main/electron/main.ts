/** Electron's main process: thin glue around the same host the web mode uses. */
import { app, BrowserWindow, dialog, ipcMain, utilityProcess } from 'electron';
import path from 'node:path';
import { createHandlers } from '../host/handlers';
import { rendererDir } from '../host/paths';
import { createRouter } from '../host/router';
import { createHostServices } from '../host/services';
import type { ComputeMessage, HostMessage } from '../jobs/protocol';
import { defaultComputeEntry, type ComputeTransport } from '../jobs/transport';
import { printPdfInHiddenWindow } from './print-pdf';
import { createSecureWindow, denyAllPermissions } from './window';

function utilityTransport(): ComputeTransport {
  const child = utilityProcess.fork(defaultComputeEntry(), [], { serviceName: 'Anomaly Lens compute', stdio: 'inherit' });
  return {
    send: (message: HostMessage) => child.postMessage(message),
    onMessage: (listener) => child.on('message', (message) => listener(message as ComputeMessage)),
    onExit: (listener) => child.on('exit', (code) => listener(code, null)),
    kill: () => void child.kill(),
  };
}

async function main(): Promise<void> {
  await app.whenReady();
  denyAllPermissions();
  let window: BrowserWindow | null = null;
  const services = await createHostServices({
    mode: 'electron',
    workspaceDir: path.join(app.getPath('userData'), 'workspace'),
    spawnCompute: utilityTransport,
    printPdf: printPdfInHiddenWindow,
    pickFile: async () => {
      const options = {
        title: 'Open a dataset',
        properties: ['openFile' as const],
        filters: [{ name: 'Tables', extensions: ['csv', 'tsv', 'txt'] }],
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
  const route = createRouter(createHandlers(services), services.log);
  ipcMain.handle('lens:invoke', (event, channel: unknown, request: unknown) => {
    // Only our own top-level app page may talk to the host.
    const url = event.senderFrame?.url ?? '';
    if (!window || event.sender !== window.webContents || !url.startsWith('file://')) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'request from an unknown frame' } };
    }
    return route(channel, request);
  });
  services.events.listen((event, payload) => window?.webContents.send('lens:event', event, payload));
  window = createSecureWindow(path.join(__dirname, 'preload.cjs'), path.join(rendererDir(), 'index.html'));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => void services.close());
}

main().catch((error) => {
  dialog.showErrorBox('Anomaly Lens could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
});
