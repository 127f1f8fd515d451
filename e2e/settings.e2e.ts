import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromiumOptions, collectPageErrors, expect, test } from './web-mode.fixture';

test.use({ launchOptions: chromiumOptions });

test('the backend badge opens the settings; a new backend is applied, saved and shown', async ({ page, web }) => {
  const pageErrors = collectPageErrors(page);
  await page.goto(web.url);
  const badge = page.getByTestId('status-backend');
  await expect(badge).not.toContainText('starting');
  await badge.click();

  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog).toBeVisible();
  // probed in short-lived processes: wasm and cpu always load; an unavailable one says why and what to install
  await expect(page.getByTestId('settings-backend-wasm')).not.toContainText('unavailable');
  const gpu = page.getByTestId('settings-backend-tensorflow-gpu');
  if (await gpu.getByText('unavailable').isVisible()) {
    await expect(gpu.getByTestId('settings-reason')).not.toBeEmpty();
    await expect(gpu.locator('input')).toBeDisabled();
  }

  await page.getByTestId('settings-backend-cpu').locator('input').check();
  await page.getByTestId('settings-apply').click();
  await expect(page.getByTestId('settings-backend-cpu')).toContainText('in use');
  await expect(badge).toHaveText('backend: cpu (CPU)');
  expect(JSON.parse(await readFile(path.join(web.dataDir, 'settings.json'), 'utf8'))).toEqual({ backend: 'cpu' });

  // back to the ladder, so the other specs in this worker's web mode train on the fast backend
  await page.getByTestId('settings-backend-auto').locator('input').check();
  await page.getByTestId('settings-apply').click();
  await expect(page.getByTestId('settings-backend-auto')).toContainText('current choice');
  await expect(badge).not.toHaveText('backend: cpu (CPU)');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(pageErrors).toEqual([]);
});
