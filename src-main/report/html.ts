import { anomalyChart, confusionChart, lossChart } from '../../shared/charts';
import { describeThresholdRule } from '../../shared/domain/results';
import type { ColumnInfo } from '../../shared/ipc/datasets';
import { reportSectionIds, reportSectionTitles, type ReportSection } from '../../shared/ipc/reports';
import { signalContributions } from '../ml/explain';
import { runRocPr, type RunRecord } from '../host/runs';
import { rocPrSvgs, staticStyle, topEventHeatmaps, topSignalsSvg } from './charts';
import { renderSvg } from './svg';

export interface ReportContext {
  appVersion: string;
  datasetPath: string | null;
  /** the scored file's columns with their profiles; the profile section says so when absent */
  columns?: ColumnInfo[] | null;
  /** replaces the split description, e.g. when training and test data came from two files */
  splitNote?: string;
  /** which sections go in, always in the report's own order; all when left out */
  sections?: readonly ReportSection[];
}

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

function grid(header: string[], rows: string[][]): string {
  const cells = (tag: string, values: string[]) => values.map((value) => `<${tag}>${escapeHtml(value)}</${tag}>`).join('');
  return `<table><tr>${cells('th', header)}</tr>${rows.map((row) => `<tr>${cells('td', row)}</tr>`).join('')}</table>`;
}

function note(text: string): string {
  return `<p>${escapeHtml(text)}</p>`;
}

function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
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

/** A config value as one line: layer widths 64-32-16, nested settings (window, scoring) as key value pairs. */
function configValue(value: unknown): string {
  if (Array.isArray(value)) return value.join('-');
  if (value !== null && typeof value === 'object') return Object.entries(value).map(([key, inner]) => `${key} ${configValue(inner)}`).join(', ');
  return String(value);
}

/** Builds the sections' bodies; each also counts the charts it drew. */
class SectionWriter {
  charts = 0;
  private readonly run: RunRecord['result'];
  private readonly perSignal: { errors: Float32Array; typicalError: Float64Array } | null;

  constructor(
    private readonly record: RunRecord,
    private readonly context: ReportContext,
  ) {
    this.run = record.result;
    this.perSignal = record.errors && record.typicalError ? { errors: record.errors, typicalError: record.typicalError } : null;
  }

  private figure(svg: string, caption: string): string {
    this.charts++;
    return `<figure>${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
  }

  private noAttribution(what: string): string {
    return note(`A ${this.run.model.family} model scores rows but gives no error per signal, so this report has no ${what}.`);
  }

  dataset(): string {
    const run = this.run;
    return table([
      ['file', this.context.datasetPath ?? run.datasetName],
      ['rows scored', String(run.nRows)],
      ['signals', `${run.signals.length}: ${run.signals.join(', ')}`],
      ['time column', run.roles.time ?? '–'],
      ['label column', run.roles.label ?? '–'],
      ['split', this.context.splitNote ?? splitText(run)],
      ['missing values', `${run.missing}${run.droppedRows ? ` (${run.droppedRows} rows dropped)` : ''}`],
    ]);
  }

  profile(): string {
    const columns = this.context.columns;
    if (!columns?.length) return note('The dataset is no longer loaded, so its column profile is not available.');
    const { roles } = this.run;
    const roleOf = (name: string) =>
      name === roles.time ? 'time' : name === roles.label ? 'label' : roles.signals.includes(name) ? 'signal' : 'ignored';
    const rows = columns.map(({ name, type, profile: p }) => [
      name,
      roleOf(name),
      type,
      p ? String(p.count) : '–',
      p ? String(p.missing) : '–',
      format(p?.min),
      format(p?.mean),
      format(p?.max),
      format(p?.std),
      p?.distinct === null || p?.distinct === undefined ? '–' : String(p.distinct),
      p?.constant ? 'constant' : '',
    ]);
    return grid(['column', 'role', 'type', 'values', 'missing', 'min', 'mean', 'max', 'std', 'distinct', ''], rows);
  }

  model(): string {
    return table(Object.entries(this.run.model).map(([key, value]) => [key, configValue(value)] as [string, string]));
  }

  training(): string {
    const run = this.run;
    return `${table([
      ['backend', `${run.backend.name} (${run.backend.detail})`],
      ['epochs run', String(run.epochsRun)],
      ['best epoch', String(run.bestEpoch)],
      ['stopped early', run.stoppedEarly ? 'yes' : 'no'],
      ['training time', `${run.trainSeconds.toFixed(1)} s`],
    ])}
${this.figure(renderSvg(lossChart(run.history, run.bestEpoch, staticStyle), 900, 280), 'Training and validation loss per epoch')}`;
  }

  anomalySignal(): string {
    const { threshold, scores, labels, partition } = this.run;
    const chart = anomalyChart({ scores, threshold: threshold.value, labels, partition, events: threshold.events }, staticStyle);
    return `<p>Threshold ${format(threshold.value, 5)} (${escapeHtml(describeThresholdRule(threshold.rule))}); ${threshold.events.length} alarm events.</p>
${this.figure(renderSvg(chart, 900, 320), 'Anomaly score per row with the threshold; labelled rows in the red band, alarm events shaded')}`;
  }

  metrics(): string {
    const metrics = this.run.threshold.metrics;
    if (!metrics) return note('No label column: metrics need labels.');
    const cards: Array<[string, number | null]> = [
      ['precision', metrics.precision],
      ['recall', metrics.recall],
      ['F1', metrics.f1],
      ['accuracy', metrics.accuracy],
      ['ROC-AUC', metrics.rocAuc],
      ['PR-AUC', metrics.prAuc],
      ['event F1', metrics.events.f1],
    ];
    return `<div class="cards">${cards.map(([name, value]) => `<div class="card">${name}<b>${format(value)}</b></div>`).join('')}</div>
<p>Point-wise over the ${this.record.testRows.length} test rows: TP ${metrics.tp}, FP ${metrics.fp}, TN ${metrics.tn}, FN ${metrics.fn}.</p>
${this.figure(renderSvg(confusionChart(metrics, staticStyle), 420, 320), 'Confusion matrix over the evaluated rows')}`;
  }

  rocPr(): string {
    const metrics = this.run.threshold.metrics;
    if (!metrics) return note('No label column: ROC and PR curves need labels.');
    let curves;
    try {
      curves = runRocPr(this.record);
    } catch (error) {
      return note((error as Error).message);
    }
    const { roc, pr } = rocPrSvgs(curves, metrics);
    return `<div class="pair">${this.figure(roc, 'ROC curve over the test rows, the threshold in force marked')}${this.figure(pr, 'Precision-recall curve over the test rows; dashed: alarming every row')}</div>`;
  }

  events(): string {
    const { threshold, signals } = this.run;
    const rows = threshold.events.slice(0, 100).map((event) => {
      const top = this.perSignal
        ? signalContributions({ E: this.perSignal.errors, X: this.record.raw, nSignals: signals.length, signals, event, typicalError: this.perSignal.typicalError })
            .slice(0, 3)
            .map((c) => `${c.signal} (${(c.share * 100).toFixed(0)}%)`)
            .join(', ')
        : '-';
      return [String(event.index + 1), String(event.start), String(event.end), String(event.end - event.start + 1), format(event.peakScore), top];
    });
    const more = threshold.events.length > 100 ? note(`First 100 of ${threshold.events.length} events.`) : '';
    return grid(['#', 'start row', 'end row', 'rows', 'peak score', "top signals (share of the event's error)"], rows) + more;
  }

  heatmap(): string {
    if (!this.perSignal) return this.noAttribution('heatmap');
    const figures = topEventHeatmaps(this.record, this.perSignal.errors);
    return figures.length ? figures.map(({ svg, caption }) => this.figure(svg, caption)).join('\n') : note('No alarm events at this threshold.');
  }

  topSignals(): string {
    if (!this.perSignal) return this.noAttribution('culprit signals');
    if (!this.run.threshold.events.length) return note('No alarm events at this threshold.');
    return this.figure(topSignalsSvg(this.record, this.perSignal.errors, this.perSignal.typicalError), 'Share of the error over all alarm events, top 20 signals');
  }
}

const sectionBodies: Record<ReportSection, (writer: SectionWriter) => string> = {
  dataset: (w) => w.dataset(),
  profile: (w) => w.profile(),
  model: (w) => w.model(),
  training: (w) => w.training(),
  'anomaly-signal': (w) => w.anomalySignal(),
  metrics: (w) => w.metrics(),
  'roc-pr': (w) => w.rocPr(),
  events: (w) => w.events(),
  heatmap: (w) => w.heatmap(),
  'top-signals': (w) => w.topSignals(),
};

/**
 * A self-contained HTML report: no scripts, no external files; every chart is inline SVG from the
 * shared builders, so it opens offline and shows what the app showed.
 */
export function buildReportHtml(record: RunRecord, context: ReportContext): { html: string; charts: number } {
  const run = record.result;
  const wanted = new Set(context.sections ?? reportSectionIds);
  const writer = new SectionWriter(record, context);
  const sections = reportSectionIds
    .filter((id) => wanted.has(id))
    .map((id) => `<section id="${id}">\n<h2>${escapeHtml(reportSectionTitles[id])}</h2>\n${sectionBodies[id](writer)}\n</section>`);

  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Anomaly Lens report: ${escapeHtml(run.datasetName)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2933;max-width:960px;margin:24px auto;padding:0 16px}
h1{font-size:24px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #e4e7eb;padding-bottom:4px}
table{border-collapse:collapse;font-size:13px}td,th{padding:3px 10px;border-bottom:1px solid #e4e7eb;text-align:left}
.kv th{color:#52606d;font-weight:500}figure{margin:12px 0}figcaption{font-size:12px;color:#52606d}svg{max-width:100%;height:auto}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #e4e7eb;border-radius:6px;padding:8px 14px}.card b{display:block;font-size:20px}
.pair{display:flex;gap:16px;flex-wrap:wrap}
@media print{body{margin:0;max-width:none}figure,tr{break-inside:avoid}h2{break-after:avoid}}
</style></head><body>
<h1>Anomaly Lens report — ${escapeHtml(run.datasetName)}</h1>
<p>Run ${escapeHtml(run.runId)}, ${escapeHtml(run.createdAt)}; Anomaly Lens ${escapeHtml(context.appVersion)}; tfjs backend <b>${escapeHtml(run.backend.name)}</b>.</p>
${sections.join('\n')}
</body></html>
`;
  return { html, charts: writer.charts };
}
