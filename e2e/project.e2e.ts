import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { chromiumOptions, collectPageErrors, expect, screenshotPath, test, trainSampleRun } from './web-mode.fixture';

test.use({ launchOptions: chromiumOptions });

/** The numbers the Results view shows: they must read the same after the project is reopened. */
async function resultsNumbers(page: Page) {
  await expect(page.getByTestId('view-results')).toBeVisible();
  await expect(page.getByTestId('metric-f1')).toContainText(/\d/);
  return {
    metrics: await page.getByTestId('metrics').locator('.cards').innerText(),
    threshold: await page.getByTestId('threshold-value').innerText(),
    rule: await page.getByTestId('threshold-kind').inputValue(),
    amount: await page.getByTestId('threshold-amount').inputValue(),
    events: await page.getByTestId('event-list').locator('h3').innerText(),
  };
}

/** What the Explain view shows: toggles, the heatmap's rows, the selected event and its culprits. */
async function explainState(page: Page) {
  await expect(page.getByTestId('view-explain')).toBeVisible();
  await expect(page.getByTestId('heatmap')).toHaveAttribute('data-loaded', 'yes');
  await expect(page.getByTestId('culprit-row').first()).toBeVisible();
  return {
    normalised: await page.getByTestId('normalised').isChecked(),
    sortByError: await page.getByTestId('sort-by-error').isChecked(),
    rows: await page.getByTestId('heatmap').getAttribute('data-rows'),
    selected: await page.getByTestId('event-list').locator('button.selected').getAttribute('data-testid'),
    culprits: await page.getByTestId('culprits').innerText(),
  };
}

test('save the session as a project, reload, reopen it: the same step, numbers, threshold, event and heatmap', async ({ page, web, frames }) => {
  const pageErrors = collectPageErrors(page);
  const projectDir = mkdtempSync(path.join(tmpdir(), 'lens-project-'));
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(web.url);
  await expect(page.getByTestId('project-name')).toHaveCount(0);

  await trainSampleRun(page, frames);
  await expect(page.getByTestId('view-results')).toBeVisible();

  // a threshold by hand, a little under the rule's so that events remain
  const ruled = (await frames.result('results:get')).value.threshold.value as number;
  const manual = Number((ruled * 0.9).toPrecision(4));
  const thresholdAnswer = frames.result('results:setThreshold');
  await page.getByTestId('threshold-kind').selectOption('manual');
  await page.getByTestId('threshold-amount').fill(String(manual));
  await page.getByTestId('threshold-apply').click();
  const threshold = (await thresholdAnswer).value;
  expect(threshold.rule).toEqual({ kind: 'manual', value: manual });
  expect(threshold.events.length).toBeGreaterThan(0);
  await expect(page.getByTestId('threshold-value')).toContainText(String(manual));
  const results = await resultsNumbers(page);

  // Explain: normalised, unsorted, an event chosen (which zooms the heatmap around it)
  const eventIndex = Math.min(1, threshold.events.length - 1);
  await page.getByTestId('step-explain').click();
  await expect(page.getByTestId('heatmap')).toHaveAttribute('data-loaded', 'yes');
  await page.getByTestId('normalised').check();
  await page.getByTestId('sort-by-error').uncheck();
  await expect(page.getByTestId('heatmap')).toHaveAttribute('data-normalised', 'yes');
  const fullRows = await page.getByTestId('heatmap').getAttribute('data-rows');
  await page.getByTestId(`event-${eventIndex}`).click();
  await expect(page.getByTestId(`event-${eventIndex}`)).toHaveClass(/selected/);
  await expect(page.getByTestId('heatmap')).not.toHaveAttribute('data-rows', fullRows!);
  const explain = await explainState(page);
  expect(explain).toMatchObject({ normalised: true, sortByError: false, selected: `event-${eventIndex}` });

  // Save as: web mode asks for the folder and a name; Enter confirms
  await page.getByTestId('project-menu-button').click();
  await page.getByTestId('project-save-as').click();
  await page.getByTestId('project-path-input').fill(projectDir);
  await page.getByTestId('project-name-input').fill('Pump study');
  await page.screenshot({ path: screenshotPath('project-save-as') });
  const saved = frames.result('projects:save');
  await page.getByTestId('project-name-input').press('Enter');
  const savedAnswer = await saved;
  expect(savedAnswer.error).toBeUndefined();
  expect(savedAnswer.value).toMatchObject({ dir: projectDir, name: 'Pump study' });
  await expect(page.getByTestId('project-path-dialog')).toHaveCount(0);
  await expect(page.getByTestId('project-name')).toHaveText('Pump study');
  await expect(page.getByTestId('project-dirty')).toHaveCount(0);

  // a reload loses the page's state; the host still has the project open and gives its view back
  await page.reload();
  await expect(page.getByTestId('project-name')).toHaveText('Pump study');
  await expect(page.getByTestId('heatmap')).toHaveAttribute('data-rows', explain.rows!);
  expect(await explainState(page)).toEqual(explain);
  await expect(page.getByTestId('project-dirty')).toHaveCount(0);

  // open it by its path, read from the folder: the same step with the same state
  await page.getByTestId('project-menu-button').click();
  await page.getByTestId('project-open').click();
  await page.getByTestId('project-path-input').fill(projectDir);
  await page.getByTestId('project-path-input').press('Enter');
  await expect(page.getByTestId('project-path-dialog')).toHaveCount(0);
  await expect(page.getByTestId('project-error')).toHaveCount(0);
  await expect(page.getByTestId('dataset-name')).not.toHaveText('');
  await expect(page.getByTestId('heatmap')).toHaveAttribute('data-rows', explain.rows!);
  expect(await explainState(page)).toEqual(explain);
  await expect(page.getByTestId('project-dirty')).toHaveCount(0);
  await page.getByTestId('step-results').click();
  expect(await resultsNumbers(page)).toEqual(results);
  await expect(page.getByTestId(`event-${eventIndex}`)).toHaveClass(/selected/);

  // a change marks the project unsaved; Ctrl+S saves it into its folder
  await page.getByTestId('step-explain').click();
  await page.getByTestId('normalised').uncheck();
  await expect(page.getByTestId('project-dirty')).toBeVisible();
  // (the spy keeps every frame: the Save as above is one too, with its folder)
  const resaved = frames.waitFor('a save into the open project', (f) => f.direction === 'sent' && f.data.channel === 'projects:save' && !f.data.request.dir);
  await page.keyboard.press('Control+s');
  expect((await resaved).request.view).toMatchObject({ step: 'explain', explain: { normalised: false } });
  await expect(page.getByTestId('project-dirty')).toHaveCount(0);

  // the recent list has it, available
  await page.getByTestId('project-menu-button').click();
  const recent = page.getByTestId('recent-project').first();
  await expect(recent).toContainText('Pump study');
  await expect(recent).toContainText(projectDir);
  await expect(recent).toHaveAttribute('data-available', 'yes');
  await page.screenshot({ path: screenshotPath('project') });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('project-menu')).toHaveCount(0);

  expect(pageErrors).toEqual([]);
  rmSync(projectDir, { recursive: true, force: true });
});
