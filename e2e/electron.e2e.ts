import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

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
