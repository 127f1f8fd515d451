import type { ThresholdRule } from '../../shared/domain/results';

/*
 * Threshold rules, as pure functions over scores (and, for the supervised rules, validation labels).
 * A row is an alarm when its score is STRICTLY above the threshold; a NaN score never alarms.
 * A label counts as "anomaly" when it is > 0 (as in metrics.ts).
 */

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

/** Population standard deviation (numpy's default ddof=0), two-pass for accuracy. */
export function populationStd(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let ss = 0;
  for (let i = 0; i < xs.length; i++) ss += (xs[i] - m) ** 2;
  return Math.sqrt(ss / xs.length);
}

/** p-th percentile (0..100) with linear interpolation between closest ranks, as numpy.percentile's default. */
export function percentile(xs: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(xs).sort();
  const pos = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

// ---------------------------------------------------------------------------------------------
// Rule parameters (the rules themselves are shared/domain/results.ts's ThresholdRule).

/** Parameters of DESIGN section 4's cost model. */
export interface CostModel {
  /** cost of one false alarm (an alarm ROW outside every [start, end + tolerance]); >= 0 */
  cAlarm: number;
  /** cost of one missed labelled event; >= 0 */
  cMissed: number;
  /** rows after an event's start (and after its end, for false alarms) that still count; integer >= 0 */
  tolerance: number;
}

/** Validation split's scores and (for best-f1 and cost) labels, aligned row by row. */
export interface ValidationData {
  scores: ArrayLike<number>;
  labels?: ArrayLike<number> | null;
}

/** mean + k * population std of `scores`. */
export function meanKSigma(scores: ArrayLike<number>, k: number): number {
  return mean(scores) + k * populationStd(scores);
}

/**
 * Turns a threshold rule into a number. Existing two-argument calls keep their meaning
 * (data-driven unsupervised rules use the training scores); 'mean-k-sigma' with
 * source 'validation', 'best-f1' and 'cost' need `validation`.
 */
export function thresholdValue(
  rule: ThresholdRule,
  trainScores: ArrayLike<number>,
  validation?: ValidationData,
): number {
  if (rule.kind === 'manual') return rule.value;
  const needValidation = rule.kind === 'best-f1' || rule.kind === 'cost' || (rule.kind === 'mean-k-sigma' && rule.source === 'validation');
  const scores = needValidation ? validation?.scores : trainScores;
  const split = needValidation ? 'validation' : 'training';
  if (!scores || scores.length === 0) throw new Error(`threshold rule '${rule.kind}' needs at least one ${split} score`);
  switch (rule.kind) {
    case 'mean-k-sigma':
      return meanKSigma(scores, rule.k);
    case 'percentile':
      return percentile(scores, rule.p);
    case 'best-f1':
    case 'cost': {
      const labels = validation?.labels;
      if (!labels) throw new Error(`threshold rule '${rule.kind}' needs validation labels`);
      return rule.kind === 'best-f1' ? bestF1Threshold(scores, labels).threshold : costModelThreshold(scores, labels, rule).threshold;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Exact threshold search.
//
// Candidates: every unique (non-NaN) score u, alarm when score > u, plus one value below the
// minimum (every non-NaN row alarms). Above the maximum nothing alarms, which is the same as the
// candidate "maximum score" itself, so that one is already covered.
//
// The sweep sorts once and visits the candidates from HIGH to LOW, so each count only grows and is
// updated with a pointer into a sorted array:
//   - alarms(t)       = #scores > t                         (all scores, sorted)
//   - tp(t)           = #positive-row scores > t            (scores of labelled rows, sorted)
//   - falseAlarms(t)  = #scores > t among rows outside every [start, end + tolerance]  (sorted)
//   - detected(t)     = #events whose detection score > t, where an event's detection score is
//                       the max score over [start, start + tolerance] (clamped to the data);
//                       an alarm falls in that window at t iff that max is > t. (sorted)
// Time O(n log n) for the sorts (typed-array numeric sorts) + O(n) to find the events and their
// window maxima (sliding-window maximum with a deque) + O(n) for the sweep. Memory O(n).

/** A maximal run of labelled rows, [start, end] inclusive. */
export interface LabelEvent {
  start: number;
  end: number;
}

/** Maximal runs of rows with label > 0. O(n). */
export function labelEvents(labels: ArrayLike<number>): LabelEvent[] {
  const out: LabelEvent[] = [];
  for (let i = 0; i < labels.length; i++) {
    if (!(labels[i] > 0)) continue;
    if (out.length > 0 && out[out.length - 1].end === i - 1) out[out.length - 1].end = i;
    else out.push({ start: i, end: i });
  }
  return out;
}

/** One candidate threshold with everything the UI needs to draw the F1 and cost curves. */
export interface ThresholdPoint {
  threshold: number;
  /** rows with score > threshold */
  alarms: number;
  truePositives: number;
  /** tp / alarms; 0 when nothing alarms */
  precision: number;
  /** tp / positives; 0 when there are no positives */
  recall: number;
  /** 2 tp / (alarms + positives); 0 when tp = 0 */
  f1: number;
  /** cost-model fields; null when no cost model was given */
  falseAlarms: number | null;
  missedEvents: number | null;
  cost: number | null;
}

function checkCostModel(m: CostModel): void {
  if (!(Number.isFinite(m.cAlarm) && m.cAlarm >= 0)) throw new Error(`cAlarm must be a finite number >= 0, got ${m.cAlarm}`);
  if (!(Number.isFinite(m.cMissed) && m.cMissed >= 0)) throw new Error(`cMissed must be a finite number >= 0, got ${m.cMissed}`);
  if (!(Number.isInteger(m.tolerance) && m.tolerance >= 0)) throw new Error(`tolerance must be an integer >= 0, got ${m.tolerance}`);
}

/** Max of scores over [start, min(start + tolerance, n - 1)] per event; NaN scores ignored (-Infinity if none). O(n + events). */
function detectionScores(scores: ArrayLike<number>, events: LabelEvent[], tolerance: number): Float64Array {
  const out = new Float64Array(events.length);
  // Window starts are increasing and windows all have the same length, so a monotone deque of
  // row indices (scores decreasing) gives every window max in O(n) overall, even when windows overlap.
  const dq = new Int32Array(scores.length);
  let head = 0;
  let tail = 0;
  let next = 0; // next row to push
  events.forEach((ev, e) => {
    const hi = Math.min(ev.start + tolerance, scores.length - 1);
    for (; next <= hi; next++) {
      const s = scores[next];
      if (Number.isNaN(s)) continue;
      while (tail > head && scores[dq[tail - 1]] <= s) tail--;
      dq[tail++] = next;
    }
    while (tail > head && dq[head] < ev.start) head++;
    out[e] = tail > head ? scores[dq[head]] : -Infinity;
  });
  return out;
}

/** Scores of rows outside every [start, end + tolerance], NaN dropped. */
function outsideScores(scores: ArrayLike<number>, events: LabelEvent[], tolerance: number): Float64Array {
  const out = new Float64Array(scores.length);
  let n = 0;
  let e = 0;
  for (let i = 0; i < scores.length; i++) {
    while (e < events.length && events[e].end + tolerance < i) e++;
    const inside = e < events.length && events[e].start <= i; // extended intervals sorted by start and by end
    if (!inside && !Number.isNaN(scores[i])) out[n++] = scores[i];
  }
  return out.subarray(0, n);
}

function sortedNonNaN(xs: ArrayLike<number>, keep?: (i: number) => boolean): Float64Array {
  const out = new Float64Array(xs.length);
  let n = 0;
  for (let i = 0; i < xs.length; i++) if (!Number.isNaN(xs[i]) && (!keep || keep(i))) out[n++] = xs[i];
  return out.subarray(0, n).sort();
}

/** A value strictly below `min` (finite for finite min), the "everything alarms" candidate. */
function belowMin(min: number): number {
  return min - Math.max(1, Math.abs(min));
}

type Visit = (p: ThresholdPoint, candidate: number) => void;

/**
 * Sorts once and returns a sweep that visits every candidate threshold from the highest to the
 * lowest and returns the number of candidates; the sweep may be run several times at O(n) each.
 * See the block comment above for the algorithm.
 */
function prepareSweep(scores: ArrayLike<number>, labels: ArrayLike<number>, cost: CostModel | null): (visit: Visit) => number {
  if (scores.length !== labels.length) throw new Error(`scores (${scores.length}) and labels (${labels.length}) differ in length`);
  if (cost) checkCostModel(cost);
  const all = sortedNonNaN(scores);
  if (all.length === 0) throw new Error('threshold search needs at least one score that is not NaN');
  const pos = sortedNonNaN(scores, (i) => labels[i] > 0);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] > 0) positives++;

  const events = cost ? labelEvents(labels) : [];
  const outside = cost ? outsideScores(scores, events, cost.tolerance).sort() : new Float64Array(0);
  const detect = cost ? detectionScores(scores, events, cost.tolerance).sort() : new Float64Array(0);

  return (visit) => {
    // pointers: arr[p..] are the values > current threshold
    let pAll = all.length;
    let pPos = pos.length;
    let pOut = outside.length;
    let pDet = detect.length;
    let candidate = 0;
    const emit = (t: number): void => {
      while (pAll > 0 && all[pAll - 1] > t) pAll--;
      while (pPos > 0 && pos[pPos - 1] > t) pPos--;
      while (pOut > 0 && outside[pOut - 1] > t) pOut--;
      while (pDet > 0 && detect[pDet - 1] > t) pDet--;
      const alarms = all.length - pAll;
      const tp = pos.length - pPos;
      const falseAlarms = outside.length - pOut;
      const missed = events.length - (detect.length - pDet);
      visit(
        {
          threshold: t,
          alarms,
          truePositives: tp,
          precision: alarms > 0 ? tp / alarms : 0,
          recall: positives > 0 ? tp / positives : 0,
          f1: tp > 0 ? (2 * tp) / (alarms + positives) : 0,
          falseAlarms: cost ? falseAlarms : null,
          missedEvents: cost ? missed : null,
          cost: cost ? cost.cAlarm * falseAlarms + cost.cMissed * missed : null,
        },
        candidate++,
      );
    };
    for (let i = all.length - 1; i >= 0; i--) {
      if (i < all.length - 1 && all[i] === all[i + 1]) continue; // unique values only
      emit(all[i]);
    }
    emit(belowMin(all[0]));
    return candidate;
  };
}

/**
 * Threshold with the highest point-wise F1 on (validation) labels; exact over all candidates,
 * O(n log n). Ties go to the HIGHER threshold (fewer alarms): the sweep runs high to low and only
 * a strictly larger F1 replaces the best. With no positive labels every F1 is 0, so the result is
 * the maximum score (nothing alarms).
 */
export function bestF1Threshold(scores: ArrayLike<number>, labels: ArrayLike<number>): ThresholdPoint {
  let best: ThresholdPoint | null = null;
  prepareSweep(scores, labels, null)((p) => {
    if (!best || p.f1 > best.f1) best = p;
  });
  return best!;
}

/**
 * Threshold with the lowest cost = cAlarm * falseAlarms + cMissed * missedEvents (DESIGN section 4):
 * - an event is a maximal run of labelled rows [start, end]; it is detected if an alarm row falls in
 *   [start, start + tolerance], otherwise missed;
 * - falseAlarms counts alarm ROWS outside every [start, end + tolerance]. (The alternative reading
 *   counts false alarm EVENTS, i.e. maximal runs of such rows; it charges a long false run once.
 *   We count rows because DESIGN says "an alarm is false if ...", and an alarm is a row.)
 * Exact over all candidates, O(n log n); ties (equal float64 cost) go to the HIGHER threshold.
 */
export function costModelThreshold(scores: ArrayLike<number>, labels: ArrayLike<number>, model: CostModel): ThresholdPoint {
  let best: ThresholdPoint | null = null;
  prepareSweep(scores, labels, model)((p) => {
    if (!best || p.cost! < best.cost!) best = p;
  });
  return best!;
}

export interface ThresholdCurveOptions {
  /** when given, points carry falseAlarms, missedEvents and cost, and bestCost is set */
  cost?: CostModel | null;
  /** at most this many points (>= 2); default 512 */
  maxPoints?: number;
}

export interface ThresholdCurve {
  /** sorted by threshold, DESCENDING (the sweep order: fewest alarms first) */
  points: ThresholdPoint[];
  /** number of candidates before downsampling */
  candidates: number;
  /** the optima (always present in `points`) */
  bestF1: ThresholdPoint;
  bestCost: ThresholdPoint | null;
}

/**
 * F1 (and cost) at every candidate threshold, downsampled to at most `maxPoints`: the best-F1 and
 * best-cost candidates are always kept, the rest are evenly spaced in candidate rank (so the first
 * and last candidates are kept whenever room is left). O(n log n) time, O(n) memory.
 */
export function thresholdCurve(scores: ArrayLike<number>, labels: ArrayLike<number>, options: ThresholdCurveOptions = {}): ThresholdCurve {
  const maxPoints = options.maxPoints ?? 512;
  if (!(Number.isInteger(maxPoints) && maxPoints >= 2)) throw new Error(`maxPoints must be an integer >= 2, got ${maxPoints}`);
  const cost = options.cost ?? null;
  const sweep = prepareSweep(scores, labels, cost);
  // pass 1: the optima and the number of candidates, without keeping every point
  let bestF1: ThresholdPoint | null = null;
  let bestCost: ThresholdPoint | null = null;
  let iF1 = 0;
  let iCost = 0;
  const candidates = sweep((p, i) => {
    if (!bestF1 || p.f1 > bestF1.f1) [bestF1, iF1] = [p, i];
    if (cost && (!bestCost || p.cost! < bestCost.cost!)) [bestCost, iCost] = [p, i];
  });
  // pass 2: keep the optima plus evenly spaced ranks (may end up a point or two short of maxPoints
  // when an evenly spaced rank coincides with an optimum)
  const keep = new Set<number>([iF1]);
  if (cost) keep.add(iCost);
  if (candidates <= maxPoints) for (let i = 0; i < candidates; i++) keep.add(i);
  else {
    const room = maxPoints - keep.size;
    if (room === 1) keep.add(0);
    else for (let j = 0; j < room; j++) keep.add(Math.round((j * (candidates - 1)) / (room - 1)));
  }
  const points: ThresholdPoint[] = [];
  sweep((p, i) => {
    if (keep.has(i)) points.push(p);
  });
  return { points, candidates, bestF1: bestF1!, bestCost };
}
