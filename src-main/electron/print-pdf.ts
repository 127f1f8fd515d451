import { BrowserWindow } from 'electron';
import { writeFileAtomic } from '../project/atomic-write';
import { printWebPreferences } from './security-policy';
import { guardWebContents } from './window';

/**
 * Electron's way to a PDF: load the report file in a hidden window, print it, close it. The window
 * is sandboxed, runs no JavaScript (the report has none), has no preload (so no bridge to the host:
 * the IPC sender check refuses it anyway) and cannot navigate or open windows.
 *
 * It loads the report as a file:// URL rather than through app://: the report lives in the user's
 * workspace, outside the renderer folder that app:// serves, and widening app:// to the workspace
 * would let the app page read it too. A script-less, preload-less page from a file the host has
 * just written gains nothing from a file:// origin. window.spec.ts checks the window's options and
 * guards against a stand-in for Electron; the printing itself needs the runtime.
 */
export async function printPdfInHiddenWindow(htmlFile: string, pdfFile: string): Promise<void> {
  const window = new BrowserWindow({ show: false, webPreferences: printWebPreferences() });
  try {
    guardWebContents(window.webContents);
    await window.loadFile(htmlFile);
    const pdf = await window.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
    await writeFileAtomic(pdfFile, pdf);
  } finally {
    window.destroy();
  }
}
