import {
  anomalyChart,
  confusionChart,
  contributionChart,
  heatmapChart,
  lossChart,
} from '../../shared/charts';
import { describeThresholdRule, type SignalContribution } from '../../shared/domain/results';
import { heatmapBuckets, signalContributions, signalMeanErrors, signalPeakErrors } from '../ml/explain';
import type { RunRecord } from '../host/runs';
import { renderSvg } from './svg';

export interface ReportContext {
  appVersion: string;
  datasetPath: string | null;
  /** replaces the split description, e.g. when training and test data came from two files */
  splitNote?: string;
}

const staticStyle = { static: true, theme: 'light' } as const;

function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function format(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

function table(rows: Array<[string, string]>): string {
  return `<table class="kv">${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`;
}

function figure(svg: string, caption: string): string {
  return `<figure>${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

function splitText(run: RunRecord['result']): string {
  const normal = run.split.normalOnly && run.roles.label ? '; training on rows labelled normal only' : '';
  const split = run.split;
  if (split.kind === 'chronological') {
    const test = Math.max(0, 1 - split.train - split.validation);
    return `in time order: ${pct(split.train)} train, ${pct(split.validation)} validation, ${pct(test)} test${normal}`;
  }
  if (split.kind === 'cut') {
    return `train and validate before ${split.row !== null ? `row ${split.row}` : split.time}, test after (${pct(split.validation)} of the earlier rows validate)${normal}`;
  }
  return `random with seed ${split.seed}: ${pct(split.train)} train, ${pct(split.validation)} validation${normal}`;
}

function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** Mean error per signal over all alarm events, as shares: the seed-001 "top signals" chart. */
function signalsOverEvents(record: RunRecord, errors: Float32Array, typicalError: Float64Array): SignalContribution[] {
  const { signals, threshold } = record.result;
  const totals = new Float64Array(signals.length);
  const peaks = new Float64Array(signals.length);
  for (const event of threshold.events) {
    const means = signalMeanErrors(errors, signals.length, event.start, event.end + 1);
    means.forEach((value, s) => (totals[s] += value * (event.end - event.start + 1)));
    signalPeakErrors(errors, signals.length, event.start, event.end + 1).forEach((value, s) => (peaks[s] = Math.max(peaks[s]!, value)));
  }
  const sum = totals.reduce((a, b) => a + b, 0) || 1;
  return signals
    .map((signal, s) => ({
      signal,
      share: totals[s]! / sum,
      peakError: peaks[s]!,
      meanError: totals[s]!,
      normalisedError: totals[s]! / Math.max(typicalError[s]!, 1e-12),
      meanBefore: null,
      meanDuring: 0,
    }))
    .sort((a, b) => b.share - a.share)
    .slice(0, 20);
}

/**
 * A self-contained HTML report: no scripts, no external files; every chart is inline SVG from the
 * shared builders, so it opens offline and shows what the app showed.
 */
/** A config value as one line: layer widths 64-32-16, nested settings (window, scoring) as key value pairs. */
function configValue(value: unknown): string {
  if (Array.isArray(value)) return value.join('-');
  if (value !== null && typeof value === 'object') return Object.entries(value).map(([key, inner]) => `${key} ${configValue(inner)}`).join(', ');
  return String(value);
}

export function buildReportHtml(record: RunRecord, context: ReportContext): { html: string; charts: number } {
  const run = record.result;
  const threshold = run.threshold;
  const metrics = threshold.metrics;
  const charts: string[] = [];
  const addChart = (svg: string, caption: string) => {
    charts.push(svg);
    return figure(svg, caption);
  };

  const lossFigure = addChart(renderSvg(lossChart(run.history, run.bestEpoch, staticStyle), 900, 280), 'Training and validation loss per epoch');
  const anomalyFigure = addChart(
    renderSvg(
      anomalyChart({ scores: run.scores, threshold: threshold.value, labels: run.labels, partition: run.partition, events: threshold.events }, staticStyle),
      900,
      320,
    ),
    'Anomaly score per row with the threshold; labelled rows in the red band, alarm events shaded',
  );
  const perSignal = record.errors && record.typicalError ? { errors: record.errors, typicalError: record.typicalError } : null;
  const noAttribution = `<p>A ${escapeHtml(run.model.family)} model scores rows but gives no error per signal, so this report has no heatmap or culprit signals.</p>`;
  let heatmapFigure = noAttribution;
  let topFigure = '';
  if (perSignal) {
    const heatmap = heatmapBuckets({
      E: perSignal.errors,
      nRows: run.nRows,
      nSignals: run.signals.length,
      signals: run.signals,
      rowStart: 0,
      rowEnd: run.nRows,
      width: 300,
      sortByError: true,
    });
    heatmapFigure = addChart(
      renderSvg(heatmapChart(heatmap, staticStyle), 900, Math.max(240, 40 + 14 * run.signals.length)),
      'Squared reconstruction error per signal over time (bucket maximum), signals sorted by total error',
    );
    const topSignals = signalsOverEvents(record, perSignal.errors, perSignal.typicalError);
    topFigure = threshold.events.length
      ? addChart(renderSvg(contributionChart(topSignals, staticStyle, 20), 900, 420), 'Share of the error over all alarm events, top 20 signals')
      : '<p>No alarm events at this threshold.</p>';
  }
  const confusionFigure = metrics ? addChart(renderSvg(confusionChart(metrics, staticStyle), 420, 320), 'Confusion matrix over the evaluated rows') : '';

  const eventRows = threshold.events.slice(0, 100).map((event) => {
    const top = perSignal
      ? signalContributions({
          E: perSignal.errors,
          X: record.raw,
          nSignals: run.signals.length,
          signals: run.signals,
          event,
          typicalError: perSignal.typicalError,
        })
          .slice(0, 3)
          .map((c) => `${c.signal} (${(c.share * 100).toFixed(0)}%)`)
          .join(', ')
      : '-';
    return `<tr><td>${event.index + 1}</td><td>${event.start}</td><td>${event.end}</td><td>${event.end - event.start + 1}</td><td>${format(event.peakScore)}</td><td>${escapeHtml(top)}</td></tr>`;
  });

  const config = Object.entries(run.model).map(([key, value]) => [key, configValue(value)] as [string, string]);
  const ruleText = describeThresholdRule(threshold.rule);

  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Anomaly Lens report: ${escapeHtml(run.datasetName)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2933;max-width:960px;margin:24px auto;padding:0 16px}
h1{font-size:24px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #e4e7eb;padding-bottom:4px}
table{border-collapse:collapse;font-size:13px}td,th{padding:3px 10px;border-bottom:1px solid #e4e7eb;text-align:left}
.kv th{color:#52606d;font-weight:500}figure{margin:12px 0}figcaption{font-size:12px;color:#52606d}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #e4e7eb;border-radius:6px;padding:8px 14px}.card b{display:block;font-size:20px}
</style></head><body>
<h1>Anomaly Lens report — ${escapeHtml(run.datasetName)}</h1>
<p>Run ${escapeHtml(run.runId)}, ${escapeHtml(run.createdAt)}; Anomaly Lens ${escapeHtml(context.appVersion)}; tfjs backend <b>${escapeHtml(run.backend.name)}</b>.</p>
<h2>Dataset</h2>
${table([
  ['file', context.datasetPath ?? run.datasetName],
  ['rows scored', String(run.nRows)],
  ['signals', `${run.signals.length}: ${run.signals.join(', ')}`],
  ['time column', run.roles.time ?? '–'],
  ['label column', run.roles.label ?? '–'],
  ['split', context.splitNote ?? splitText(run)],
  ['missing values', `${run.missing}${run.droppedRows ? ` (${run.droppedRows} rows dropped)` : ''}`],
])}
<h2>Model and preprocessing</h2>
${table(config)}
<h2>Training</h2>
${table([
  ['backend', `${run.backend.name} (${run.backend.detail})`],
  ['epochs run', String(run.epochsRun)],
  ['best epoch', String(run.bestEpoch)],
  ['stopped early', run.stoppedEarly ? 'yes' : 'no'],
  ['training time', `${run.trainSeconds.toFixed(1)} s`],
])}
${lossFigure}
<h2>Anomaly signal</h2>
<p>Threshold ${format(threshold.value, 5)} (${escapeHtml(ruleText)}); ${threshold.events.length} alarm events.</p>
${anomalyFigure}
<h2>Metrics</h2>
${
  metrics
    ? `<div class="cards">${(
        [
          ['precision', metrics.precision],
          ['recall', metrics.recall],
          ['F1', metrics.f1],
          ['accuracy', metrics.accuracy],
          ['ROC-AUC', metrics.rocAuc],
          ['PR-AUC', metrics.prAuc],
        ] as Array<[string, number | null]>
      )
        .map(([name, value]) => `<div class="card">${name}<b>${format(value)}</b></div>`)
        .join('')}</div>
<p>Point-wise over the ${record.testRows.length} test rows: TP ${metrics.tp}, FP ${metrics.fp}, TN ${metrics.tn}, FN ${metrics.fn}.</p>
${confusionFigure}`
    : '<p>No label column: metrics need labels.</p>'
}
<h2>Alarm events</h2>
<table><tr><th>#</th><th>start row</th><th>end row</th><th>rows</th><th>peak score</th><th>top signals (share of the event's error)</th></tr>${eventRows.join('')}</table>
${threshold.events.length > 100 ? `<p>First 100 of ${threshold.events.length} events.</p>` : ''}
<h2>Which signals</h2>
${heatmapFigure}
${topFigure}
</body></html>
`;
  return { html, charts: charts.length };
}
