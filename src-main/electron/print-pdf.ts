import { BrowserWindow } from 'electron';
import { writeFileAtomic } from '../project/atomic-write';

/**
 * Electron's way to a PDF: load the report file in a hidden window that runs no script (the report
 * has none) and cannot be seen or navigated, print it, close it. Untested here: needs a display.
 */
export async function printPdfInHiddenWindow(htmlFile: string, pdfFile: string): Promise<void> {
  const window = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
  });
  try {
    window.webContents.on('will-navigate', (event) => event.preventDefault());
    await window.loadFile(htmlFile);
    const pdf = await window.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
    await writeFileAtomic(pdfFile, pdf);
  } finally {
    window.destroy();
  }
}
