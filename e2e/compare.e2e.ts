import type { Page } from '@playwright/test';
import { chromiumOptions, collectPageErrors, expect, screenshotPath, test, type FrameSpy } from './web-mode.fixture';

test.use({ launchOptions: chromiumOptions });

/** Trains the Model step's settings and waits for this job's training:done. */
async function trainThroughTheForm(page: Page, frames: FrameSpy, earlierJobs: string[]): Promise<string> {
  const started = frames.result('training:start', (result) => result.ok && !earlierJobs.includes(result.value.jobId));
  await page.getByTestId('train-button').click();
  const { jobId } = (await started).value;
  await frames.waitFor(`training:done of ${jobId}`, (f) => f.direction === 'received' && f.data.event === 'training:done' && f.data.payload.jobId === jobId, 240_000);
  await expect(page.getByTestId('view-results')).toBeVisible();
  return jobId;
}

test('two runs compared, then a 2 x 2 sweep fills the sortable table', async ({ page, web, frames }) => {
  const pageErrors = collectPageErrors(page);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(web.url);

  // an empty Compare step says what to do
  await page.getByTestId('step-compare').click();
  await expect(page.getByTestId('compare-empty')).toContainText('Train a model');

  // two presets trained through the form: the PCA baseline and a dense autoencoder for 2 epochs
  await page.getByTestId('step-data').click();
  await page.getByTestId('open-sample').click();
  await expect(page.getByTestId('status-dataset')).toContainText('6,000 rows');
  await page.getByTestId('to-model').click();
  await page.getByTestId('preset-pca').click();
  const pca = await trainThroughTheForm(page, frames, []);
  await page.getByTestId('step-model').click();
  await page.getByTestId('preset-dense-relu').click();
  await page.getByTestId('field-epochs').fill('2');
  await trainThroughTheForm(page, frames, [pca]);

  // both in the table; checked, their curves and score distributions overlay
  await page.getByTestId('step-compare').click();
  const rows = page.getByTestId('compare-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('pca');
  await expect(rows.nth(1)).toContainText('dense-relu');
  await expect(page.getByTestId('compare-hint')).toBeVisible();
  await rows.nth(0).getByTestId('compare-check').check();
  await rows.nth(1).getByTestId('compare-check').check();
  // PCA fits in one pass: only the dense run has a loss curve
  await expect(page.getByTestId('compare-loss')).toHaveAttribute('data-runs', '1');
  await expect(page.getByTestId('compare-loss')).toContainText('#1 pca: trained in one pass');
  await expect(page.getByTestId('compare-scores')).toHaveAttribute('data-runs', '2');
  await expect(page.getByTestId('compare-loss').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('compare-scores').locator('canvas').first()).toBeVisible();
  await expect(rows.nth(0).getByTestId('cell-rocAuc')).toHaveText(/^\d(\.\d+)?$/);
  await page.screenshot({ path: screenshotPath('compare') });

  // a 2 x 2 sweep from the dense settings: learning rate x batch size
  await page.getByTestId('sweep-open').click();
  await expect(page.getByTestId('sweep-field-0')).toHaveValue('learningRate');
  await page.getByTestId('sweep-values-0').fill('0.001, x');
  await expect(page.getByTestId('sweep-error-0')).toHaveText('"x" is not a number');
  await expect(page.getByTestId('sweep-start')).toBeDisabled();
  await page.getByTestId('sweep-values-0').fill('0.001, 0.01');
  await page.getByTestId('sweep-add').click();
  await expect(page.getByTestId('sweep-field-1')).toHaveValue('batchSize');
  await page.getByTestId('sweep-values-1').fill('32, 64');
  await expect(page.getByTestId('sweep-count')).toHaveText('4 runs (at most 64)');
  const started = frames.waitFor('sweep:start', (f) => f.direction === 'sent' && f.data.channel === 'sweep:start');
  const ended = frames.waitFor('the end of the sweep', (f) => f.direction === 'received' && f.data.event === 'sweep:progress' && f.data.payload.state !== 'running', 240_000);
  await page.getByTestId('sweep-start').click();
  expect((await started).request).toMatchObject({
    model: { preset: 'dense-relu', epochs: 2 },
    grid: [
      { field: 'learningRate', values: [0.001, 0.01] },
      { field: 'batchSize', values: [32, 64] },
    ],
  });
  await expect(page.getByTestId('sweep-progress')).toBeVisible();
  // while the sweep holds the compute process, the Model step will not start a training
  await page.getByTestId('step-model').click();
  await expect(page.getByTestId('train-button')).toBeDisabled();
  await page.getByTestId('step-compare').click();
  expect((await ended).payload).toMatchObject({ state: 'done', done: 4, total: 4, failures: [] });

  // the four runs filled the table, with a column for each setting they differ in
  await expect(rows).toHaveCount(6);
  await expect(page.getByTestId('sweep-status')).toHaveText('Sweep done: 4 of 4 runs trained.');
  await expect(page.getByTestId('sort-setting-learningRate')).toBeVisible();
  await expect(page.getByTestId('sort-setting-batchSize')).toBeVisible();
  await page.getByTestId('compare-check-all').check();
  await expect(page.getByTestId('compare-loss')).toHaveAttribute('data-runs', '5');
  // sorted by ROC-AUC, best first; again, worst first
  await page.getByTestId('sort-rocAuc').click();
  const aucs = async () => (await page.getByTestId('cell-rocAuc').allTextContents()).map(Number);
  const descending = await aucs();
  expect(descending).toEqual([...descending].sort((a, b) => b - a));
  await page.getByTestId('sort-rocAuc').click();
  expect(await aucs()).toEqual([...descending].reverse());
  await page.getByTestId('sort-setting-learningRate').click();
  await expect(page.getByTestId('cell-setting-learningRate').first()).toHaveText('0.001');
  await expect(rows.last()).toContainText('pca');
  await page.screenshot({ path: screenshotPath('sweep'), fullPage: true });

  expect(pageErrors).toEqual([]);
});
