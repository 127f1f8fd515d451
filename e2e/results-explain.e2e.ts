import type { Page } from '@playwright/test';
import { chromiumOptions, collectPageErrors, expect, screenshotPath, test, trainSampleRun } from './web-mode.fixture';

test.use({ launchOptions: chromiumOptions });

/** The app scrolls inside its frame, so a full-page shot is a tall window for a moment. */
async function tallScreenshot(page: Page, view: string): Promise<void> {
  await page.setViewportSize({ width: 1400, height: 1800 });
  await page.screenshot({ path: screenshotPath(view) });
  await page.setViewportSize({ width: 1400, height: 900 });
}

test('train -> threshold by rule and by dragging -> ROC, PR, confusion -> explain normalised, culprits, raw signals', async ({ page, web, frames }) => {
  const pageErrors = collectPageErrors(page);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(web.url);

  await trainSampleRun(page, frames);
  const epochEnds = frames.all((f) => f.type === 'event' && f.event === 'training:progress' && f.payload.epochLoss != null).length;

  // Results: ROC and PR over the test rows beside the confusion matrix
  await expect(page.getByTestId('view-results')).toBeVisible();
  const rocPr = await frames.result('results:rocPr');
  expect(rocPr.ok).toBe(true);
  expect(rocPr.value.roc.fpr).toBeInstanceOf(Float64Array);
  expect(rocPr.value.roc.fpr.length).toBeLessThanOrEqual(1000);
  await expect(page.getByTestId('confusion-matrix').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('roc-curve').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('pr-curve').locator('canvas').first()).toBeVisible();

  // drag the threshold line towards the middle of the plot: a manual rule at the dropped value
  const chart = page.getByTestId('anomaly-chart').locator('.echart');
  await expect(chart).toHaveAttribute('data-drag-line-y', /\d/);
  await chart.scrollIntoViewIfNeeded();
  const lineY = Number(await chart.getAttribute('data-drag-line-y'));
  const box = (await chart.boundingBox())!;
  const before = await page.getByTestId('threshold-value').textContent();
  const dragged = frames.waitFor('a dragged threshold', (f) => f.direction === 'sent' && f.data.channel === 'results:setThreshold');
  const draggedAnswer = frames.result('results:setThreshold');
  const x = box.x + box.width / 2;
  await page.mouse.move(x, box.y + lineY);
  // the chart has seen the pointer over the line once it shows the resize cursor
  await expect.poll(() => chart.locator('div').first().evaluate((el) => el.style.cursor)).toBe('ns-resize');
  await page.mouse.down();
  await page.mouse.move(x, box.y + lineY + (lineY < box.height / 2 ? 60 : -60), { steps: 8 });
  await expect(page.getByTestId('drag-hint')).toContainText('Release to set the threshold at');
  await page.mouse.up();
  const rule = (await dragged).request.rule;
  expect(rule.kind).toBe('manual');
  expect((await draggedAnswer).value.value).toBe(rule.value);
  await expect(page.getByTestId('threshold-value')).not.toHaveText(before!);
  await expect(page.getByTestId('threshold-value')).toContainText(String(rule.value));
  await expect(page.getByTestId('threshold-kind')).toHaveValue('manual');
  await tallScreenshot(page, 'results-drag');

  // and by rule: the host computes the percentile of the training scores
  const ruled = frames.result('results:setThreshold', (result) => result.ok && result.value.rule.kind === 'percentile');
  await page.getByTestId('threshold-kind').selectOption('percentile');
  await page.getByTestId('threshold-amount').fill('99.5');
  await page.getByTestId('threshold-apply').click();
  const percentile = (await ruled).value;
  expect(percentile.value).not.toBe(rule.value);
  expect(percentile.events.length).toBeGreaterThan(0);
  await expect(page.getByTestId('threshold-value')).not.toContainText(String(rule.value));

  // Train: the finished run stays browsable, its backend named and its best epoch marked
  await page.getByTestId('step-train').click();
  await expect(page.getByTestId('train-backend')).not.toBeEmpty();
  await expect(page.getByTestId('epoch-table').locator('tbody tr')).toHaveCount(epochEnds);
  await expect(page.getByTestId('best-epoch-row')).toContainText('best');
  await expect(page.getByTestId('loss-chart').locator('canvas').first()).toBeVisible();
  await page.screenshot({ path: screenshotPath('train-dashboard') });

  // Explain: the heatmap, then normalised
  await page.getByTestId('step-explain').click();
  await expect(page.getByTestId('heatmap')).toHaveAttribute('data-loaded', 'yes');
  const normalisedAsked = frames.waitFor('a normalised heatmap', (f) => f.direction === 'sent' && f.data.channel === 'results:heatmap' && f.data.request.normalised === true);
  await page.getByTestId('normalised').check();
  const { id } = await normalisedAsked;
  const normalised = await frames.waitFor('the normalised heatmap', (f) => f.direction === 'received' && f.data.type === 'result' && f.data.id === id);
  expect(normalised.result.ok).toBe(true);
  expect(normalised.result.value.values).toBeInstanceOf(Float32Array);
  await expect(page.getByTestId('heatmap')).toHaveAttribute('data-normalised', 'yes');
  await expect(page.getByTestId('signal-plots-empty')).toBeVisible();

  // an event: its culprits as bars (normalised) and their raw values under the heatmap, the event shaded
  const signalsAnswer = frames.result('results:signals');
  await page.getByTestId('event-0').click();
  await expect(page.getByTestId('culprit-row').first()).toBeVisible();
  await expect(page.getByTestId('culprits')).toHaveAttribute('data-measure', 'normalised');
  await expect(page.getByTestId('culprits').locator('canvas').first()).toBeVisible();
  const signals = await signalsAnswer;
  expect(signals.ok).toBe(true);
  expect(signals.value.signals[0].min).toBeInstanceOf(Float32Array);
  await expect(page.getByTestId('signal-plots')).toHaveAttribute('data-signals', /\w/);
  await expect(page.getByTestId('signal-plots').locator('canvas').first()).toBeVisible();
  const plotted = (await page.getByTestId('signal-plots').getAttribute('data-signals'))!.split(',');
  expect(plotted).toHaveLength(3);
  // the fourth culprit joins them when its name is clicked, pinned
  const fourth = page.getByTestId('culprit-row').nth(3).locator('button');
  const pinned = (await fourth.textContent())!.trim();
  await fourth.click();
  await expect(page.getByTestId('signal-plots')).toHaveAttribute('data-signals', [pinned, ...plotted].join(','));
  await expect(page.getByTestId(`pin-${pinned}`)).toHaveText('×');
  await tallScreenshot(page, 'explain-signals');

  expect(pageErrors).toEqual([]);
});
