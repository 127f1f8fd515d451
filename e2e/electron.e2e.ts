import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';

/** The Electron binary's path, or why there is none (its download is blocked on some machines). */
function electronBinary(): { path: string | null; reason: string } {
  try {
    const resolved = createRequire(import.meta.url)('electron') as unknown;
    if (typeof resolved === 'string' && existsSync(resolved)) return { path: resolved, reason: '' };
    return { path: null, reason: `require('electron') gave ${String(resolved)}, which does not exist` };
  } catch (error) {
    return { path: null, reason: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}

const binary = electronBinary();

test('Electron: open the sample and see its preview', async () => {
  test.skip(!binary.path, `Electron runtime not installed: ${binary.reason}`);
  const home = mkdtempSync(path.join(tmpdir(), 'lens-electron-'));
  const app = await electron.launch({
    args: ['dist/main/electron-main.cjs'],
    executablePath: binary.path!,
    env: { ...process.env, ANOMALY_LENS_HOME: home },
  });
  try {
    const window = await app.firstWindow();
    await expect(window.getByTestId('open-file')).toBeVisible(); // Electron has the native dialog
    await window.getByTestId('open-sample').click();
    await expect(window.getByTestId('preview-table')).toBeVisible();
    await expect(window.getByTestId('status-dataset')).toContainText('rows');
    await window.screenshot({ path: path.join('test-results', 'screenshots', 'electron-data.png') });
  } finally {
    await app.close();
    rmSync(home, { recursive: true, force: true });
  }
});

const root = path.resolve(import.meta.dirname, '..');
const entry = path.join(root, 'dist', 'main', 'electron-main.cjs');
const sample = path.join(root, 'assets', 'sample', 'pump-station.csv');
const skipReason = `Electron runtime not installed: ${binary.reason}`;

/** Runs `body` against the app started with its own data folder (ANOMALY_LENS_HOME: its own user data and instance lock). */
async function withApp(body: (context: { app: ElectronApplication; page: Page; home: string }) => Promise<void>): Promise<void> {
  const home = mkdtempSync(path.join(tmpdir(), 'lens-electron-'));
  const app = await electron.launch({ args: [entry], executablePath: binary.path!, env: { ...process.env, ANOMALY_LENS_HOME: home } });
  try {
    const page = await app.firstWindow();
    // the page has loaded and asked the host for its info: it listens for the menu's commands now
    await expect(page.getByTestId('open-file')).toBeVisible();
    // the menu is set once the host is up; until then Electron's default menu shows
    await expect.poll(() => app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('run.train') != null)).toBe(true);
    await body({ app, page, home });
  } finally {
    await app.close();
    rmSync(home, { recursive: true, force: true });
  }
}

test('Electron: the menus hold the File, Run, View and Help items', async () => {
  test.skip(!binary.path, skipReason);
  await withApp(async ({ app }) => {
    const menus = await app.evaluate(({ Menu }) =>
      (Menu.getApplicationMenu()?.items ?? []).map((top) => ({
        // Windows and Linux labels carry the mnemonic marker (&File)
        label: top.label.replace('&', ''),
        items: (top.submenu?.items ?? [])
          .filter((item) => item.type !== 'separator')
          .map((item) => ({ id: item.id, label: item.label, accelerator: item.accelerator ?? null, enabled: item.enabled, role: item.role?.toLowerCase() ?? null })),
      })),
    );
    const items = (label: string) => menus.find((menu) => menu.label === label)?.items ?? [];
    expect(menus.map((menu) => menu.label)).toEqual(expect.arrayContaining(['File', 'Edit', 'Run', 'View', 'Help']));
    expect(items('File').map((item) => item.label)).toEqual(
      expect.arrayContaining(['Open dataset…', 'Open project…', 'Open recent', 'Save project', 'Save project as…', 'Export report…']),
    );
    expect(items('File').find((item) => item.id === 'file.openDataset')?.accelerator).toBe('CmdOrCtrl+O');
    expect(items('File').find((item) => item.id === 'file.save')?.accelerator).toBe('CmdOrCtrl+S');
    // a fresh session has no run to report on
    expect(items('File').find((item) => item.id === 'file.exportReport')?.enabled).toBe(false);
    expect(items('Edit').map((item) => item.role)).toEqual(expect.arrayContaining(['copy', 'paste', 'selectall']));
    expect(items('Run').map((item) => [item.label, item.accelerator, item.enabled])).toEqual([
      ['Train', 'CmdOrCtrl+Enter', true],
      ['Cancel', 'CmdOrCtrl+.', false],
    ]);
    expect(items('View').map((item) => item.label)).toContain('Toggle dark theme');
    expect(items('View').map((item) => item.role)).toEqual(expect.arrayContaining(['zoomin', 'zoomout', 'resetzoom', 'togglefullscreen']));
    expect(items('Help').map((item) => item.label)).toContain('About Anomaly Lens');
  });
});

test('Electron: View > Toggle dark theme switches the page theme', async () => {
  test.skip(!binary.path, skipReason);
  await withApp(async ({ app, page }) => {
    const html = page.locator('html');
    const before = await html.getAttribute('data-theme');
    await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('view.toggleTheme')?.click());
    await expect(html).toHaveAttribute('data-theme', before === 'dark' ? 'light' : 'dark');
    await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('view.toggleTheme')?.click());
    await expect(html).toHaveAttribute('data-theme', before ?? 'light');
  });
});

test('Electron: a file dropped on the window opens by its path on disk', async () => {
  test.skip(!binary.path, skipReason);
  await withApp(async ({ page, home }) => {
    const csv = path.join(home, 'dropped-signals.csv');
    copyFileSync(sample, csv);
    // the preload's bridge knows where a dropped file lies (webUtils.getPathForFile); a browser never does
    expect(await page.evaluate(() => typeof (globalThis as { lens?: { pathForFile?: unknown } }).lens?.pathForFile)).toBe('function');
    /*
     * A File made in the page has no path, and Playwright cannot drag from the OS. A file input's
     * File is the real file on disk, so it is put in a DataTransfer and dropped on the Data view:
     * the same drop handler, the same pathForFile, as a drag from the file manager.
     */
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'e2e-drop-source';
      document.body.append(input);
    });
    await page.setInputFiles('#e2e-drop-source', csv);
    await page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('#e2e-drop-source')!;
      const data = new DataTransfer();
      data.items.add(input.files![0]!);
      input.remove();
      const view = document.querySelector('[data-testid="view-data"]')!;
      view.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      view.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    await expect(page.getByTestId('dataset-summary')).toContainText('dropped-signals.csv');
    await expect(page.getByTestId('preview-table')).toBeVisible();
  });
});

test('Electron: a second launch with a CSV hands it to the first window and exits', async () => {
  test.skip(!binary.path, skipReason);
  await withApp(async ({ page, home }) => {
    copyFileSync(sample, path.join(home, 'second-launch.csv'));
    // a relative path from the second launch's own folder; Linux test machines lack the SUID sandbox (Playwright passes the same switch)
    const args = [...(process.platform === 'linux' ? ['--no-sandbox'] : []), entry, 'second-launch.csv'];
    const second = spawn(binary.path!, args, { cwd: home, env: { ...process.env, ANOMALY_LENS_HOME: home }, stdio: 'ignore' });
    const timer = setTimeout(() => second.kill(), 60_000);
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      second.once('exit', (code) => resolve(code));
      second.once('error', reject);
    }).finally(() => clearTimeout(timer));
    expect(exitCode, 'the second instance quits by itself after handing over').toBe(0);
    await expect(page.getByTestId('dataset-summary')).toContainText('second-launch.csv');
    await expect(page.getByTestId('preview-table')).toBeVisible();
  });
});
