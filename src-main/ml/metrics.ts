import type { Confusion, Metrics } from '../../shared/domain/results';

/*
 * Point-wise detection metrics. Conventions shared with threshold.ts and explain.ts:
 * a row is an alarm when score > threshold (strictly); a label > 0 marks an anomaly.
 * Scores are expected to be finite (NaN would make the sort order meaningless).
 */

function checkLengths(scores: ArrayLike<number>, labels: ArrayLike<number>): void {
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
 * which is what makes ties count half in ROC-AUC.
 */
function curvePoints(scores: ArrayLike<number>, labels: ArrayLike<number>): { tps: number[]; fps: number[] } {
  checkLengths(scores, labels);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const tps: number[] = [];
  const fps: number[] = [];
  let tp = 0, fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (labels[i] > 0) tp++;
    else fp++;
    // close a point only where the next score differs, so ties stay together
    if (k === order.length - 1 || scores[order[k + 1]] !== scores[i]) {
      tps.push(tp);
      fps.push(fp);
    }
  }
  return { tps, fps };
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

/** Confusion counts and the derived point-wise metrics; undefined ratios are 0 (as sklearn's zero_division=0). */
export function evaluate(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): Metrics {
  const c = confusionAt(scores, labels, threshold);
  return {
    ...c,
    accuracy: ratio(c.tp + c.tn, c.tp + c.fp + c.tn + c.fn),
    precision: ratio(c.tp, c.tp + c.fp),
    recall: ratio(c.tp, c.tp + c.fn),
    f1: ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn),
    rocAuc: rocAuc(scores, labels),
    prAuc: averagePrecision(scores, labels),
  };
}
