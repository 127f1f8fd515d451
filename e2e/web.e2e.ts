import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromiumOptions, collectPageErrors, expect, screenshotPath, test } from './web-mode.fixture';

test.use({ launchOptions: chromiumOptions });

/** Status code the server answers a WebSocket upgrade with (101 when it accepts). */
function upgradeStatus(origin: string, pathAndQuery: string): Promise<number> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const request = http.get({
      hostname,
      port,
      path: pathAndQuery,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      },
    });
    request.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve(response.statusCode ?? 0);
    });
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
  });
}

test('web mode refuses requests without the token', async ({ web }) => {
  expect((await fetch(`${web.origin}/`)).status).toBe(401);
  expect((await fetch(`${web.origin}/?token=wrong`)).status).toBe(401);
  expect(await upgradeStatus(web.origin, '/ws')).toBe(401);
  expect(await upgradeStatus(web.origin, '/ws?token=wrong')).toBe(401);
  // the right token opens both
  expect((await fetch(web.url)).status).toBe(200);
  expect(await upgradeStatus(web.origin, `/ws?token=${web.token}`)).toBe(101);
});

test('sample -> seed-hpc -> train -> results -> explain -> report', async ({ page, web, frames }) => {
  const pageErrors = collectPageErrors(page);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(web.url);

  // Data
  await expect(page.getByTestId('data-empty')).toBeVisible();
  await expect(page.getByTestId('open-path')).toBeVisible(); // web mode asks for a path, no native dialog
  await page.getByTestId('open-sample').click();
  // every imported row scrolls in a table that draws only the rows in view
  await expect(page.getByTestId('row-table').locator('tbody tr[data-row="0"] td').nth(2)).not.toHaveText('…');
  await page.getByTestId('row-table-viewport').evaluate((viewport) => (viewport.scrollTop = 22 * 5000));
  await expect(page.getByTestId('row-table').locator('tbody tr[data-row="5000"]')).toBeVisible();
  expect(await page.getByTestId('row-table').locator('tbody tr').count()).toBeLessThan(60);
  await expect(page.getByTestId('status-dataset')).toContainText('rows');
  await expect(page.getByTestId('status-backend')).not.toContainText('starting');
  await expect(page.getByTestId('column-cards').locator('article').first()).toBeVisible();
  // the split as bands on the overview chart: 60/20/20 in time order by default
  await expect(page.getByTestId('split-chart')).toHaveAttribute('data-loaded', 'yes');
  await expect(page.getByTestId('split-chart')).toHaveAttribute('data-bands', 'train,validation,test');
  await expect(page.getByTestId('split-chart').locator('canvas').first()).toBeVisible();
  // a click on the chart moves the nearer boundary there: near the left edge, the training end
  await page.getByTestId('split-chart').scrollIntoViewIfNeeded();
  const chartBox = (await page.getByTestId('split-chart').locator('canvas').first().boundingBox())!;
  await page.mouse.click(chartBox.x + chartBox.width * 0.3, chartBox.y + chartBox.height / 2);
  await expect(page.getByTestId('split-train')).not.toHaveValue('0.6');
  expect(Number(await page.getByTestId('split-train').inputValue())).toBeLessThan(0.5);
  await page.getByTestId('split-kind').selectOption('random');
  await expect(page.getByTestId('split-chart')).toHaveAttribute('data-bands', '');
  await expect(page.getByTestId('split-note')).toContainText('no bands');
  await page.getByTestId('split-kind').selectOption('chronological');
  await expect(page.getByTestId('status-memory')).toContainText('free of');
  // the step list's pane follows its handle
  const sideBefore = (await page.locator('aside.side').boundingBox())!.width;
  const handle = (await page.getByTestId('side-resizer').boundingBox())!;
  await page.mouse.move(handle.x + 2, handle.y + 100);
  await page.mouse.down();
  await page.mouse.move(handle.x + 82, handle.y + 100, { steps: 4 });
  await page.mouse.up();
  expect((await page.locator('aside.side').boundingBox())!.width).toBeGreaterThan(sideBefore + 60);
  await page.getByTestId('split-train').fill('0.5');
  await page.getByTestId('split-validation').fill('0.6');
  await expect(page.getByTestId('error-split-validation')).toContainText('more than 1');
  await expect(page.getByTestId('to-model')).toBeEnabled();
  await page.getByTestId('split-validation').fill('0.2');
  await expect(page.getByTestId('split-chart')).toHaveAttribute('data-bands', 'train,validation,test');
  await expect(page.getByTestId('missing-affected')).not.toHaveText('…');
  await page.getByTestId('split-chart').scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('data') });

  // Model: default roles, preset seed-hpc with few epochs
  await page.getByTestId('to-model').click();
  // a family card narrows the presets; the same card again shows them all
  await page.getByTestId('family-conv1d').click();
  await expect(page.getByTestId('preset-conv-small')).toBeVisible();
  await expect(page.getByTestId('preset-seed-hpc')).toHaveCount(0);
  await expect(page.getByTestId('field-windowLength')).toHaveValue('60');
  await page.getByTestId('family-conv1d').click();
  await page.getByTestId('preset-seed-hpc').click();
  await expect(page.getByTestId('field-windowLength')).toHaveCount(0);
  await page.getByTestId('field-epochs').fill('abc');
  await expect(page.getByTestId('error-epochs')).toContainText('whole number');
  await page.getByTestId('field-epochs').fill('3');
  await expect(page.getByTestId('error-epochs')).toHaveCount(0);
  await expect(page.getByTestId('model-summary')).toContainText('parameters');
  await expect(page.getByTestId('model-split')).toContainText('rows in time order 50% / 20% / 30%');
  await page.screenshot({ path: screenshotPath('model') });

  // Train: wait for the domain event, then the app moves to Results by itself
  const done = frames.event('training:done', 240_000);
  const started = frames.waitFor('training:start', (f) => f.direction === 'sent' && f.data.channel === 'training:start');
  await page.getByTestId('train-button').click();
  expect((await started).request).toMatchObject({ split: { kind: 'chronological', train: 0.5, validation: 0.2 }, missing: 'forward-fill' });
  // a warm compute process may finish before the Train view is checked: it shows, or Results already does
  await expect(page.getByTestId('view-train').or(page.getByTestId('view-results'))).toBeVisible();
  const { runId } = await done;
  expect(runId).toBeTruthy();
  const epochEnds = frames.all((f) => f.type === 'event' && f.event === 'training:progress' && f.payload.epochLoss != null);
  expect(epochEnds.length).toBeGreaterThan(0);

  // Results
  await expect(page.getByTestId('view-results')).toBeVisible();
  await expect(page.getByTestId('anomaly-chart').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('metric-f1')).toContainText(/\d/);
  await expect(page.getByTestId('metric-precision')).toContainText(/\d/);
  await expect(page.getByTestId('confusion-matrix').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('metric-r2')).toContainText(/\d/);
  // the scores arrived as a typed array in a binary frame
  const run = await frames.result('results:get');
  expect(run.value.scores).toBeInstanceOf(Float32Array);
  // F1 over thresholds; a click on the curve sets a manual threshold at the nearest candidate
  const curve = (await frames.result('results:thresholdCurve')).value;
  expect(curve.rows).toBe('test'); // training on normal rows only leaves none labelled to validate on
  await expect(page.getByTestId('threshold-curve').locator('canvas').first()).toBeVisible();
  const picked = frames.waitFor('a manual threshold', (f) => f.direction === 'sent' && f.data.channel === 'results:setThreshold');
  const curvePlot = (await page.getByTestId('threshold-curve').locator('canvas').first().boundingBox())!;
  await page.mouse.click(curvePlot.x + curvePlot.width / 2, curvePlot.y + curvePlot.height / 2);
  const rule = (await picked).request.rule;
  expect(rule.kind).toBe('manual');
  expect(Array.from(curve.thresholds)).toContain(rule.value);
  await expect(page.getByTestId('threshold-kind')).toHaveValue('manual');
  await page.screenshot({ path: screenshotPath('results') });

  // another threshold rule is applied by the host and redrawn
  const before = await page.getByTestId('threshold-value').textContent();
  const thresholdAnswer = frames.result('results:setThreshold');
  await page.getByTestId('threshold-kind').selectOption('percentile');
  await page.getByTestId('threshold-amount').fill('99.5');
  await page.getByTestId('threshold-apply').click();
  expect((await thresholdAnswer).ok).toBe(true);
  await expect(page.getByTestId('threshold-value')).not.toHaveText(before!);
  // J selects the first event
  await page.getByTestId('anomaly-chart').click();
  await page.keyboard.press('j');
  await expect(page.getByTestId('event-0')).toHaveClass(/selected/);

  // Back to Train: the loss chart holds one point per finished epoch
  await page.getByTestId('step-train').click();
  await expect(page.getByTestId('loss-chart')).toHaveAttribute('data-points', String(epochEnds.length));
  await expect(page.getByTestId('loss-chart').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('epoch-table').locator('tbody tr')).toHaveCount(epochEnds.length);
  await page.screenshot({ path: screenshotPath('train') });

  // Explain: the heatmap request is answered and drawn
  const heatmapAnswer = frames.result('results:heatmap');
  await page.getByTestId('step-explain').click();
  const heatmap = await heatmapAnswer;
  expect(heatmap.ok).toBe(true);
  expect(heatmap.value.values.length).toBeGreaterThan(0);
  await expect(page.getByTestId('heatmap')).toHaveAttribute('data-loaded', 'yes');
  await expect(page.getByTestId('heatmap').locator('canvas').first()).toBeVisible();
  // zooming the time axis asks the host again, for the visible rows only
  const fullSpan = heatmap.value.rowEnd - heatmap.value.rowStart;
  const zoomedAnswer = frames.result('results:heatmap', (r) => r.ok && r.value.rowEnd - r.value.rowStart < fullSpan);
  const plot = (await page.getByTestId('heatmap').locator('canvas').first().boundingBox())!;
  await page.mouse.move(plot.x + plot.width / 2, plot.y + plot.height / 3);
  await page.mouse.wheel(0, -600);
  expect((await zoomedAnswer).value.bucketSize).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId('heatmap-reset')).toBeEnabled();

  // an event's culprit signals
  await page.getByTestId('event-0').click();
  await expect(page.getByTestId('culprit-row').first()).toBeVisible();
  await expect(page.getByTestId('culprits').locator('canvas').first()).toBeVisible();
  await page.screenshot({ path: screenshotPath('explain') });

  // Report
  await page.getByTestId('step-report').click();
  await page.getByTestId('export-report').click();
  const reportPath = (await page.getByTestId('report-path').locator('code').textContent())!.trim();
  expect(existsSync(reportPath)).toBe(true);
  expect(readFileSync(reportPath, 'utf8')).toContain('<svg');
  await page.screenshot({ path: screenshotPath('report') });

  // the dark theme redraws the charts with its own colours
  await page.getByTestId('step-explain').click();
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('heatmap')).toHaveAttribute('data-loaded', 'yes');
  await page.screenshot({ path: screenshotPath('explain-dark') });

  expect(pageErrors).toEqual([]);
});

/** A CSV with a time column, a text column, a label, gaps and a constant signal: big enough to show progress. */
function writeSignalsCsv(file: string, rows: number): void {
  const lines = ['time;site;pressure;flow;flat;is_anomaly'];
  const t0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < rows; i++) {
    const time = new Date(t0 + i * 60_000).toISOString().replace('T', ' ').slice(0, 19);
    const abnormal = i % 5000 >= 4980 ? 1 : 0;
    const pressure = i % 997 === 0 ? '' : (Math.sin(i / 50) * 3 + abnormal * 8).toFixed(4);
    lines.push(`${time};pump ${i % 3};${pressure};${(Math.cos(i / 70) * 2).toFixed(4)};1;${abnormal}`);
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

test('a generated CSV: inspect, import job with progress, roles, missing values and a cut split', async ({ page, web, frames }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && pageErrors.push(message.text()));
  const file = path.join(web.dataDir, 'generated-signals.csv');
  writeSignalsCsv(file, 300_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(web.url);

  // inspect: dialect, column cards and first rows, before anything is imported
  const inspected = frames.result('datasets:inspect');
  await page.getByTestId('open-path').fill(file);
  await page.getByTestId('open-path-button').click();
  expect((await inspected).ok).toBe(true);
  await expect(page.getByTestId('dialect')).toContainText('delimiter ";"');
  await expect(page.getByTestId('dialect')).toContainText('header row');
  await expect(page.getByTestId('preview-table').locator('tbody tr').first()).toBeVisible();
  await expect(page.getByTestId('role-site')).toHaveValue('ignore');
  await expect(page.getByTestId('column-site').getByTestId('column-reason')).not.toBeEmpty();
  await expect(page.getByTestId('role-is_anomaly')).toHaveValue('label');
  await expect(page.getByTestId('role-pressure')).toHaveValue('signal');
  await expect(page.getByTestId('column-pressure').getByTestId('sparkline')).toBeVisible();
  await expect(page.getByTestId('to-model')).toBeDisabled();
  await page.screenshot({ path: screenshotPath('data-inspect') });

  // import as a job: progress events, then the dataset
  const progress = frames.event('datasets:importProgress');
  const imported = frames.event('datasets:imported');
  await page.getByTestId('import-button').click();
  await expect(page.getByTestId('import-progress')).toBeVisible();
  expect((await progress).bytesTotal).toBeGreaterThan(0);
  expect((await imported).dataset.rowCount).toBe(300_000);
  await expect(page.getByTestId('import-done')).toBeVisible();
  await expect(page.getByTestId('import-detail')).toContainText('300,000 rows');
  await expect(page.getByTestId('status-dataset')).toContainText('300,000 rows');

  // the gaps in pressure are counted for the chosen signals
  await expect(page.getByTestId('missing-affected')).toContainText(/\d+ of 300,000 rows have gaps/);
  await page.getByTestId('missing-policy').selectOption('mean-fill');
  await expect(page.getByTestId('missing-affected')).toContainText('filled');

  // a cut at a row: train and validation before it, test after, drawn as bands
  await page.getByTestId('split-kind').selectOption('cut');
  await page.getByTestId('split-row').fill('999999');
  await expect(page.getByTestId('error-split-row')).toContainText('from 1 to 299999');
  await page.getByTestId('split-row').fill('200000');
  await expect(page.getByTestId('split-chart')).toHaveAttribute('data-bands', 'train,validation,test');
  await expect(page.getByTestId('split-chart').locator('canvas').first()).toBeVisible();
  await page.getByTestId('split-cut-at').selectOption('time');
  await page.getByTestId('split-time').fill('2024-04-01');
  await expect(page.getByTestId('split-note')).toContainText('placed on its row when training starts');
  await page.getByTestId('split-cut-at').selectOption('row');
  await expect(page.getByTestId('split-chart')).toHaveAttribute('data-bands', 'train,validation,test');
  await page.getByTestId('import-progress').scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('data-import') });
  await page.getByTestId('split-chart').scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('data-split') });

  // the import is listed for reopening
  await page.goto(web.url);
  await expect(page.getByTestId('dataset-history')).toContainText('generated-signals.csv');
  expect(pageErrors).toEqual([]);
});
