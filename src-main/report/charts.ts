import { contributionChart, heatmapChart, operatingPoint, prChart, rocChart, type HeatmapGrid } from '../../shared/charts';
import type { SignalContribution } from '../../shared/domain/results';
import type { RocPr } from '../../shared/ipc/results';
import { heatmapBuckets, signalMeanErrors, signalPeakErrors } from '../ml/explain';
import type { RunRecord } from '../host/runs';
import { renderSvg } from './svg';

/** Charts in a report: a light theme and no interaction, drawn once as SVG. */
export const staticStyle = { static: true, theme: 'light' } as const;

/** The events a reader looks at first: the highest peaks. */
const topEventCount = 3;
/** Rows of each event's heatmap: the most erroneous signals, so forty signals still read. */
const heatmapSignals = 12;

/** ROC and PR curves with the threshold in force marked on both. */
export function rocPrSvgs(curves: RocPr, metrics: NonNullable<RunRecord['result']['threshold']['metrics']>): { roc: string; pr: string } {
  const { fpr, tpr, precision } = operatingPoint(metrics);
  const roc = rocChart(
    { x: curves.roc.fpr, y: curves.roc.tpr, auc: metrics.rocAuc, point: fpr !== null && tpr !== null ? { x: fpr, y: tpr } : null },
    staticStyle,
  );
  const pr = prChart(
    {
      x: curves.pr.recall,
      y: curves.pr.precision,
      auc: metrics.prAuc,
      point: tpr !== null && precision !== null ? { x: tpr, y: precision } : null,
      positiveRate: curves.positiveRate,
    },
    staticStyle,
  );
  return { roc: renderSvg(roc, 440, 340), pr: renderSvg(pr, 440, 340) };
}

/** The first `count` signals of a heatmap (already sorted by error). */
function firstSignals(heatmap: HeatmapGrid, count: number): HeatmapGrid {
  const d = heatmap.signals.length;
  const keep = Math.min(d, count);
  const buckets = d === 0 ? 0 : heatmap.values.length / d;
  const values = new Float32Array(buckets * keep);
  for (let b = 0; b < buckets; b++) for (let s = 0; s < keep; s++) values[b * keep + s] = heatmap.values[b * d + s]!;
  return { ...heatmap, signals: heatmap.signals.slice(0, keep), values, maxValue: values.reduce((a, b) => Math.max(a, b), 0) };
}

/** One heatmap per top event (by peak score), over the event and as many rows again around it. */
export function topEventHeatmaps(record: RunRecord, errors: Float32Array): Array<{ svg: string; caption: string }> {
  const run = record.result;
  const top = [...run.threshold.events].sort((a, b) => b.peakScore - a.peakScore).slice(0, topEventCount);
  return top.map((event) => {
    const length = event.end - event.start + 1;
    const pad = Math.max(10, Math.ceil(length / 2));
    const heatmap = heatmapBuckets({
      E: errors,
      nRows: run.nRows,
      nSignals: run.signals.length,
      signals: run.signals,
      rowStart: event.start - pad,
      rowEnd: event.end + 1 + pad,
      width: 200,
      sortByError: true,
    });
    const shown = firstSignals(heatmap, heatmapSignals);
    return {
      svg: renderSvg(heatmapChart(shown, staticStyle), 900, 60 + 22 * shown.signals.length),
      caption: `Event ${event.index + 1} (rows ${event.start}-${event.end}, peak score ${event.peakScore.toPrecision(4)}): squared error of its ${shown.signals.length} most erroneous signals, ${pad} rows either side`,
    };
  });
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

export function topSignalsSvg(record: RunRecord, errors: Float32Array, typicalError: Float64Array): string {
  return renderSvg(contributionChart(signalsOverEvents(record, errors, typicalError), staticStyle, 20), 900, 420);
}
