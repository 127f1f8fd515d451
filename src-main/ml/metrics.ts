import type { Confusion, Metrics } from '../../shared/domain/results';

/*
 * Point-wise detection metrics. Conventions shared with threshold.ts and explain.ts:
 * a row is an alarm when score > threshold (strictly); a label > 0 marks an anomaly.
 * Scores are expected to be finite (NaN would make the sort order meaningless).
 */

function checkLengths(scores: ArrayLike<unknown>, labels: ArrayLike<unknown>): void {
  if (scores.length !== labels.length) {
    throw new Error(`scores (${scores.length}) and labels (${labels.length}) differ in length`);
  }
}

export function confusionAt(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): Confusion {
  checkLengths(scores, labels);
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const alarm = scores[i] > threshold;
    const positive = labels[i] > 0;
    if (alarm) positive ? tp++ : fp++;
    else positive ? fn++ : tn++;
  }
  return { tp, fp, tn, fn };
}

/**
 * Cumulative true/false positive counts at each distinct score, highest score first:
 * the points of sklearn's roc_curve / precision_recall_curve. Tied scores form one point,
 * which is what makes ties count half in ROC-AUC. thresholds[k] is the score of point k.
 */
function curvePoints(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
): { tps: number[]; fps: number[]; thresholds: number[] } {
  checkLengths(scores, labels);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const tps: number[] = [];
  const fps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0, fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (labels[i] > 0) tp++;
    else fp++;
    // close a point only where the next score differs, so ties stay together
    if (k === order.length - 1 || scores[order[k + 1]] !== scores[i]) {
      tps.push(tp);
      fps.push(fp);
      thresholds.push(scores[i]);
    }
  }
  return { tps, fps, thresholds };
}

/** Area under the ROC curve by the trapezoid rule over distinct thresholds (as scikit-learn); null with one class. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  const { tps, fps } = curvePoints(scores, labels);
  const P = tps.length ? tps[tps.length - 1] : 0;
  const N = fps.length ? fps[fps.length - 1] : 0;
  if (P === 0 || N === 0) return null;
  let area = 0, prevTp = 0, prevFp = 0;
  for (let k = 0; k < tps.length; k++) {
    area += ((fps[k] - prevFp) * (tps[k] + prevTp)) / 2;
    prevTp = tps[k];
    prevFp = fps[k];
  }
  return area / (P * N);
}

/** scikit-learn's average_precision_score: sum over thresholds of (R_k - R_{k-1}) * P_k, no interpolation; null without positives. */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  const { tps, fps } = curvePoints(scores, labels);
  const P = tps.length ? tps[tps.length - 1] : 0;
  if (P === 0) return null;
  let ap = 0, prevTp = 0;
  for (let k = 0; k < tps.length; k++) {
    // recall only moves when tp moves; (tps[k] - prevTp) / P is the recall step
    ap += ((tps[k] - prevTp) / P) * (tps[k] / (tps[k] + fps[k]));
    prevTp = tps[k];
  }
  return ap;
}

const ratio = (num: number, den: number): number => (den === 0 ? 0 : num / den);

/** Point-wise scores of a confusion matrix; a ratio with a zero denominator is 0 (sklearn's zero_division=0). */
export interface PointScores {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
}

export function scoresOf(c: Confusion): PointScores {
  return {
    accuracy: ratio(c.tp + c.tn, c.tp + c.fp + c.tn + c.fn),
    precision: ratio(c.tp, c.tp + c.fp),
    recall: ratio(c.tp, c.tp + c.fn),
    f1: ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn),
  };
}

/** Point-wise accuracy of alarms at a threshold: share of rows where (score > threshold) equals (label > 0). */
export function accuracy(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): number {
  return scoresOf(confusionAt(scores, labels, threshold)).accuracy;
}

/** Confusion counts and the derived point-wise metrics; undefined ratios are 0 (as sklearn's zero_division=0). */
/** Point-wise, event-wise and (labelled as such) point-adjusted metrics of rows in time order. */
export function evaluate(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): Metrics {
  const c = confusionAt(scores, labels, threshold);
  const alarms = alarmsAt(scores, threshold);
  return {
    ...c,
    ...scoresOf(c),
    rocAuc: rocAuc(scores, labels),
    prAuc: averagePrecision(scores, labels),
    events: eventMetrics(alarms, labels),
    pointAdjustedF1: pointAdjustedF1(alarms, labels).f1,
  };
}

/** 1 where score > threshold (the alarm rule of this module), else 0. */
export function alarmsAt(scores: ArrayLike<number>, threshold: number): Uint8Array {
  const out = new Uint8Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = scores[i] > threshold ? 1 : 0;
  return out;
}

// ---- ROC and PR curves --------------------------------------------------------------------------

export interface RocCurve {
  fpr: Float64Array;
  tpr: Float64Array;
  thresholds: Float64Array;
}

export interface PrCurve {
  precision: Float64Array;
  recall: Float64Array;
  /** one fewer than precision/recall: the last point (precision 1, recall 0) has no threshold */
  thresholds: Float64Array;
}

export interface CurveOptions {
  /** keep at most this many points (>= 2), see keepExtremes; default: all */
  maxPoints?: number;
  /** rocCurve only: drop collinear points as sklearn's drop_intermediate=True; default false */
  dropIntermediate?: boolean;
}

/**
 * Indices to keep when a curve of y.length points must shrink to at most maxPoints: the first and
 * last point, and in each of floor((maxPoints - 2) / 2) equal index buckets between them the points
 * where y is lowest and highest (the extremes a plot would show), in order.
 */
function keepExtremes(y: ArrayLike<number>, maxPoints: number | undefined): number[] {
  const n = y.length;
  if (maxPoints === undefined || n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  if (!(maxPoints >= 2)) throw new Error(`maxPoints must be at least 2, got ${maxPoints}`);
  const buckets = Math.floor((maxPoints - 2) / 2);
  const m = n - 2; // interior points; m >= 2 * buckets + 1, so no bucket is empty
  const keep = [0];
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor((b * m) / buckets);
    const to = 1 + Math.floor(((b + 1) * m) / buckets);
    let lo = from, hi = from;
    for (let i = from + 1; i < to; i++) {
      if (y[i] < y[lo]) lo = i;
      if (y[i] > y[hi]) hi = i;
    }
    if (lo === hi) keep.push(lo);
    else keep.push(Math.min(lo, hi), Math.max(lo, hi));
  }
  keep.push(n - 1);
  return keep;
}

const pick = (xs: ArrayLike<number>, idx: number[]): Float64Array => Float64Array.from(idx, (i) => xs[i]);

/**
 * sklearn.metrics.roc_curve (1.2). Point k holds the rates when the rows with score >= thresholds[k]
 * alarm (>=, as sklearn: the thresholds are the distinct scores, descending; under this module's
 * strict rule the same point is any threshold in [next lower score, thresholds[k]) ). The first point
 * is (0, 0) at max score + 1, as sklearn 1.2 (1.3+ writes +Infinity there; +1 stays JSON-safe).
 * By default every distinct score is a point (drop_intermediate=False); dropIntermediate: true removes
 * collinear points exactly as sklearn's default does. With one class the undefined rate is NaN
 * (as sklearn). Empty input gives empty arrays. maxPoints downsamples keeping the extremes of tpr - fpr.
 */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>, opts: CurveOptions = {}): RocCurve {
  let { tps, fps, thresholds } = curvePoints(scores, labels);
  if (tps.length === 0) return { fpr: new Float64Array(0), tpr: new Float64Array(0), thresholds: new Float64Array(0) };
  if (opts.dropIntermediate && tps.length > 2) {
    const idx = [0];
    for (let k = 1; k < tps.length - 1; k++) {
      // a corner: the second difference of fps or tps is not zero (counts, so exact)
      if (fps[k + 1] - 2 * fps[k] + fps[k - 1] !== 0 || tps[k + 1] - 2 * tps[k] + tps[k - 1] !== 0) idx.push(k);
    }
    idx.push(tps.length - 1);
    [tps, fps, thresholds] = [idx.map((k) => tps[k]), idx.map((k) => fps[k]), idx.map((k) => thresholds[k])];
  }
  const P = tps[tps.length - 1];
  const N = fps[fps.length - 1];
  const fpr = Float64Array.from([0, ...fps], (v) => (N > 0 ? v / N : NaN));
  const tpr = Float64Array.from([0, ...tps], (v) => (P > 0 ? v / P : NaN));
  const thr = Float64Array.from([thresholds[0] + 1, ...thresholds]);
  const keep = keepExtremes(tpr.map((t, i) => t - fpr[i]), opts.maxPoints);
  return { fpr: pick(fpr, keep), tpr: pick(tpr, keep), thresholds: pick(thr, keep) };
}

/**
 * sklearn.metrics.precision_recall_curve (1.2): thresholds are the distinct scores ascending;
 * precision[k], recall[k] hold when rows with score >= thresholds[k] alarm (>=, as sklearn), and a
 * final point (precision 1, recall 0) closes the curve without a threshold. Without positives recall
 * is 1 everywhere (as sklearn). Empty input gives the closing point alone. maxPoints downsamples
 * keeping the extremes of precision (recall is monotone); the closing point is always kept.
 */
export function prCurve(scores: ArrayLike<number>, labels: ArrayLike<number>, opts: CurveOptions = {}): PrCurve {
  const { tps, fps, thresholds } = curvePoints(scores, labels);
  const P = tps.length ? tps[tps.length - 1] : 0;
  const K = tps.length;
  const precision = new Float64Array(K + 1);
  const recall = new Float64Array(K + 1);
  const thr = new Float64Array(K);
  for (let j = 0; j < K; j++) {
    const k = K - 1 - j; // reversed: lowest threshold (highest recall) first
    precision[j] = tps[k] / (tps[k] + fps[k]); // every point covers at least one row
    recall[j] = P > 0 ? tps[k] / P : 1;
    thr[j] = thresholds[k];
  }
  precision[K] = 1;
  recall[K] = 0;
  const keep = keepExtremes(precision, opts.maxPoints);
  return { precision: pick(precision, keep), recall: pick(recall, keep), thresholds: pick(thr, keep.slice(0, -1)) };
}

// ---- Event-wise and point-adjusted metrics ------------------------------------------------------

type Flags = ArrayLike<number | boolean>;
const on = (v: number | boolean): boolean => Number(v) > 0;

/** Maximal runs of rows where the flag is on, as [start, end] inclusive. */
export function runsOf(flags: Flags): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (let i = 0; i < flags.length; i++) {
    if (!on(flags[i])) continue;
    if (i > 0 && on(flags[i - 1])) runs[runs.length - 1][1] = i;
    else runs.push([i, i]);
  }
  return runs;
}

/** prefix[i] = number of flagged rows before row i, so a range [a, b] holds prefix[b + 1] - prefix[a]. */
function prefixCounts(flags: Flags): Int32Array {
  const prefix = new Int32Array(flags.length + 1);
  for (let i = 0; i < flags.length; i++) prefix[i + 1] = prefix[i] + (on(flags[i]) ? 1 : 0);
  return prefix;
}

export interface EventMetrics {
  /** maximal runs of rows with label > 0 */
  trueEvents: number;
  /** true events with at least one alarm row inside */
  detectedEvents: number;
  /** maximal runs of alarm rows */
  alarmRuns: number;
  /** alarm runs that share at least one row with a true event */
  matchedAlarmRuns: number;
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Event-based metrics. A true event is a maximal run of rows with label > 0; a predicted event is a
 * maximal run of alarm rows (alarms: 1/true or 0/false per row, e.g. alarmsAt(scores, threshold)).
 *   recall    = detectedEvents / trueEvents, a true event being detected when at least one of its
 *               rows is an alarm;
 *   precision = matchedAlarmRuns / alarmRuns, an alarm run matching when at least one of its rows is
 *               labelled (it overlaps a true event);
 *   f1        = 2 * precision * recall / (precision + recall).
 * No tolerance window: an alarm one row after an event ends is a false alarm (the cost model in
 * threshold rules has the tolerance). Ratios with a zero denominator are 0, as the point-wise ones.
 */
export function eventMetrics(alarms: Flags, labels: ArrayLike<number>): EventMetrics {
  checkLengths(alarms, labels);
  const events = runsOf(labels);
  const alarmRuns = runsOf(alarms);
  const alarmsBefore = prefixCounts(alarms);
  const labelsBefore = prefixCounts(labels);
  const detectedEvents = events.filter(([a, b]) => alarmsBefore[b + 1] > alarmsBefore[a]).length;
  const matchedAlarmRuns = alarmRuns.filter(([a, b]) => labelsBefore[b + 1] > labelsBefore[a]).length;
  const recall = ratio(detectedEvents, events.length);
  const precision = ratio(matchedAlarmRuns, alarmRuns.length);
  return {
    trueEvents: events.length,
    detectedEvents,
    alarmRuns: alarmRuns.length,
    matchedAlarmRuns,
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
  };
}

/**
 * Point-adjusted F1 (Xu et al. 2018, "Donut"; used by OmniAnomaly and many since): when any row of a
 * true event is an alarm, every row of that event counts as detected; then point-wise confusion and
 * scores. FLATTERING: one lucky alarm inside a long event earns all its rows, so even random scores
 * reach a high value (a published SMD result gave 0.89 with it, 0.02 without). Show it only as a
 * labelled extra next to the point-wise F1, never instead of it.
 */
export function pointAdjustedF1(alarms: Flags, labels: ArrayLike<number>): Confusion & PointScores {
  checkLengths(alarms, labels);
  const adjusted = Uint8Array.from({ length: alarms.length }, (_, i) => (on(alarms[i]) ? 1 : 0));
  const alarmsBefore = prefixCounts(alarms);
  for (const [a, b] of runsOf(labels)) {
    if (alarmsBefore[b + 1] > alarmsBefore[a]) adjusted.fill(1, a, b + 1);
  }
  const c = confusionAt(adjusted, labels, 0);
  return { ...c, ...scoresOf(c) };
}

// ---- Reconstruction R2 --------------------------------------------------------------------------

/** Sum over all entries of (x - mean of its column)^2; X row-major, nRows x nSignals; float64, two passes. */
function totalSumOfSquares(X: ArrayLike<number>, nSignals: number): number {
  const nRows = X.length / nSignals;
  const mean = new Float64Array(nSignals);
  for (let i = 0; i < X.length; i++) mean[i % nSignals] += X[i];
  for (let s = 0; s < nSignals; s++) mean[s] /= nRows;
  let total = 0;
  for (let i = 0; i < X.length; i++) total += (X[i] - mean[i % nSignals]) ** 2;
  return total;
}

function checkMatrix(X: ArrayLike<number>, other: ArrayLike<number>, nSignals: number): void {
  if (!(Number.isInteger(nSignals) && nSignals > 0) || X.length % nSignals !== 0) {
    throw new Error(`a matrix of ${X.length} values does not have rows of ${nSignals} signals`);
  }
  if (other.length !== X.length) throw new Error(`matrices of ${X.length} and ${other.length} values differ`);
}

/**
 * Reconstruction R2 = 1 - sum(E) / sum((x - column mean)^2) over all entries, from the per-row
 * per-signal squared error matrix E (row-major, like X). X must be in the space the errors were
 * measured in (the model's preprocessed inputs). Equals sklearn's r2_score(X, Xhat,
 * multioutput='variance_weighted') when no column of X is constant; a constant column's error counts
 * here but sklearn drops it (its weight is 0). Null when every column is constant or there are no rows.
 */
export function reconstructionR2FromErrors(E: ArrayLike<number>, X: ArrayLike<number>, nSignals: number): number | null {
  checkMatrix(X, E, nSignals);
  const total = totalSumOfSquares(X, nSignals);
  if (!(total > 0)) return null;
  let err = 0;
  for (let i = 0; i < E.length; i++) err += E[i];
  return 1 - err / total;
}

/** reconstructionR2FromErrors with E = (X - Xhat)^2; X and Xhat row-major, nRows x nSignals. */
export function reconstructionR2(X: ArrayLike<number>, Xhat: ArrayLike<number>, nSignals: number): number | null {
  checkMatrix(X, Xhat, nSignals);
  const E = Float64Array.from({ length: X.length }, (_, i) => (X[i] - Xhat[i]) ** 2);
  return reconstructionR2FromErrors(E, X, nSignals);
}
