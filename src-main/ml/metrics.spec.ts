import { describe, it, expect } from 'vitest';
import {
  accuracy, alarmsAt, averagePrecision, confusionAt, evaluate, eventMetrics, pointAdjustedF1, prCurve,
  reconstructionR2, reconstructionR2FromErrors, rocAuc, rocCurve, runsOf,
} from './metrics';
// Known answers from scikit-learn; regenerate with /usr/bin/python3 src-main/ml/fixtures/make_metric_fixtures.py
import { bestF1Threshold } from './threshold';
import fixtures from './fixtures/metric-fixtures.json';

// Six rows with one positive/negative tie at 0.4.
// Sorted by score: 0.8 P | 0.4 P, 0.4 N (tie) | 0.35 P | 0.2 N | 0.1 N   (P = 3, N = 3)
const scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.2];
const labels = [0, 0, 1, 1, 1, 0];

describe('rocAuc', () => {
  it('counts a tie as half a correctly ordered pair (6 rows, by hand)', () => {
    // pairs won: 0.8 beats 3 negatives, 0.4 beats 2 and ties 1 (0.5), 0.35 beats 2 -> 7.5 of 9
    // trapezoids over (fp,tp) = (0,1),(1,2),(1,3),(2,3),(3,3): 0 + 1.5 + 0 + 3 + 3 = 7.5
    expect(rocAuc(scores, labels)).toBeCloseTo(7.5 / 9, 12);
    // sklearn.metrics.roc_auc_score (Debian python3-sklearn) gives 0.8333333333333334
    expect(rocAuc(scores, labels)).toBeCloseTo(0.8333333333333334, 12);
  });

  it('is 1 for a perfect ranking, 0 for a reversed one, 0.5 when all scores tie', () => {
    expect(rocAuc([1, 2, 3, 4], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([4, 3, 2, 1], [0, 0, 1, 1])).toBe(0);
    expect(rocAuc([7, 7, 7, 7], [0, 1, 0, 1])).toBe(0.5);
  });

  it('is null when only one class is present', () => {
    expect(rocAuc([1, 2, 3], [0, 0, 0])).toBeNull();
    expect(rocAuc([1, 2, 3], [1, 1, 1])).toBeNull();
    expect(rocAuc([], [])).toBeNull();
  });

  it('rejects scores and labels of different lengths', () => {
    expect(() => rocAuc([1, 2], [0])).toThrow();
  });
});

describe('averagePrecision', () => {
  it('sums precision at each recall step, ties as one step (by hand)', () => {
    // distinct thresholds, highest first:
    //   0.8:  tp 1 fp 0 -> P 1,   recall 0 -> 1/3: 1/3 * 1
    //   0.4:  tp 2 fp 1 -> P 2/3, recall -> 2/3:   1/3 * 2/3
    //   0.35: tp 3 fp 1 -> P 3/4, recall -> 1:     1/3 * 3/4
    //   0.2, 0.1: recall does not move
    // AP = 1/3 + 2/9 + 1/4 = 29/36
    expect(averagePrecision(scores, labels)).toBeCloseTo(29 / 36, 12);
    // sklearn.metrics.average_precision_score (Debian python3-sklearn) gives 0.8055555555555556
    expect(averagePrecision(scores, labels)).toBeCloseTo(0.8055555555555556, 12);
  });

  it('does not interpolate precision (a later higher precision is not carried back)', () => {
    // sorted: 0.9 N, 0.8 P, 0.7 P -> steps: (tp1,fp1) P 1/2, (tp2,fp1) P 2/3
    // AP = 1/2 * 1/2 + 1/2 * 2/3 = 7/12 (interpolated would be 2/3)
    expect(averagePrecision([0.9, 0.8, 0.7], [0, 1, 1])).toBeCloseTo(7 / 12, 12);
  });

  it('is 1 when every row is positive and null without positives', () => {
    expect(averagePrecision([1, 2, 3], [1, 1, 1])).toBe(1);
    expect(averagePrecision([1, 2, 3], [0, 0, 0])).toBeNull();
  });
});

describe('tie-heavy case against scikit-learn', () => {
  // 40 rows, scores rounded to one decimal so most of them tie; values and expected results from
  // sklearn.metrics.roc_auc_score / average_precision_score (Debian python3-sklearn 1.2.1)
  const s = [0.1, 0.2, 0.8, 0.6, 0.1, 0.4, 0.5, 0.2, 0.7, 0.1, 0.4, 0.5, 0.4, 0.6, 0.7, 1.0, 0.3, 0.6, 0.7, 0.3,
    0.0, 1.0, 0.3, 0.3, 0.9, 0.6, 0.5, 0.8, 0.0, 0.7, 0.4, 0.1, 0.7, 0.9, 0.2, 0.6, 0.3, 0.7, 0.7, 0.2];
  const l = [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0,
    1, 0, 1, 1, 1, 0];
  it('matches roc_auc_score and average_precision_score', () => {
    expect(rocAuc(s, l)).toBeCloseTo(0.519345238095238, 12);
    expect(averagePrecision(s, l)).toBeCloseTo(0.3329813976872801, 12);
  });
});

describe('confusionAt and evaluate', () => {
  it('alarms strictly above the threshold', () => {
    // threshold 0.35: row 2 (score 0.35, positive) is not an alarm
    expect(confusionAt(scores, labels, 0.35)).toEqual({ tp: 2, fp: 1, tn: 2, fn: 1 });
    expect(confusionAt(scores, labels, 0.3)).toEqual({ tp: 3, fp: 1, tn: 2, fn: 0 });
  });

  it('derives accuracy, precision, recall and F1 (by hand)', () => {
    const m = evaluate(scores, labels, 0.35);
    expect(m.accuracy).toBeCloseTo(4 / 6, 12);
    expect(m.precision).toBeCloseTo(2 / 3, 12);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    expect(m.f1).toBeCloseTo(2 / 3, 12);
    expect(m.rocAuc).toBeCloseTo(7.5 / 9, 12);
    expect(m.prAuc).toBeCloseTo(29 / 36, 12);
  });

  it('gives 0 precision and F1 when nothing is predicted positive', () => {
    const m = evaluate(scores, labels, 10);
    expect(m).toMatchObject({ tp: 0, fp: 0, tn: 3, fn: 3, precision: 0, recall: 0, f1: 0, accuracy: 0.5 });
  });

  it('gives 0 recall when there are no positives, and null AUCs', () => {
    const m = evaluate([1, 2, 3], [0, 0, 0], 1.5);
    expect(m).toMatchObject({ tp: 0, fp: 2, tn: 1, fn: 0, precision: 0, recall: 0, f1: 0, rocAuc: null, prAuc: null });
  });

  it('has zero counts and metrics on empty input', () => {
    expect(evaluate([], [], 0)).toMatchObject({ tp: 0, fp: 0, tn: 0, fn: 0, accuracy: 0, f1: 0 });
  });
});

// ---- against the scikit-learn fixtures ----------------------------------------------------------

/** |actual - expected| <= 1e-9 * |expected| (exact when expected is 0). */
function expectRel(actual: number | null, expected: number, what: string): void {
  expect(actual, what).not.toBeNull();
  const ok = actual === expected || Math.abs((actual as number) - expected) <= 1e-9 * Math.abs(expected);
  expect(ok, `${what}: ${actual} vs sklearn ${expected}`).toBe(true);
}

function expectAllRel(actual: ArrayLike<number>, expected: number[], what: string): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectRel(actual[i], expected[i], `${what}[${i}]`);
}

describe(`ranking metrics against scikit-learn ${fixtures.sklearn}`, () => {
  it('covers the intended cases', () => {
    expect(fixtures.ranking.map((c) => c.name)).toEqual(['hand6', 'ties40', 'allEqual', 'imbalanced', 'random50', 'perfect']);
  });

  describe.each(fixtures.ranking)('$name', (c) => {
    it('ROC-AUC and average precision', () => {
      expectRel(rocAuc(c.scores, c.labels), c.rocAuc, 'roc_auc_score');
      expectRel(averagePrecision(c.scores, c.labels), c.averagePrecision, 'average_precision_score');
    });

    it('roc_curve, with and without drop_intermediate', () => {
      const full = rocCurve(c.scores, c.labels);
      expectAllRel(full.fpr, c.roc.fpr, 'fpr');
      expectAllRel(full.tpr, c.roc.tpr, 'tpr');
      expectAllRel(full.thresholds, c.roc.thresholds, 'thresholds');
      const dropped = rocCurve(c.scores, c.labels, { dropIntermediate: true });
      expectAllRel(dropped.fpr, c.rocDropIntermediate.fpr, 'fpr (drop_intermediate)');
      expectAllRel(dropped.tpr, c.rocDropIntermediate.tpr, 'tpr (drop_intermediate)');
      expectAllRel(dropped.thresholds, c.rocDropIntermediate.thresholds, 'thresholds (drop_intermediate)');
    });

    it('precision_recall_curve', () => {
      const pr = prCurve(c.scores, c.labels);
      expectAllRel(pr.precision, c.pr.precision, 'precision');
      expectAllRel(pr.recall, c.pr.recall, 'recall');
      expectAllRel(pr.thresholds, c.pr.thresholds, 'thresholds');
    });

    it('point-wise accuracy, precision, recall, F1 at fixed thresholds (score > threshold)', () => {
      for (const p of c.pointwise) {
        const m = evaluate(c.scores, c.labels, p.threshold);
        expectRel(m.accuracy, p.accuracy, `accuracy at ${p.threshold}`);
        expectRel(accuracy(c.scores, c.labels, p.threshold), p.accuracy, `accuracy() at ${p.threshold}`);
        expectRel(m.precision, p.precision, `precision at ${p.threshold}`);
        expectRel(m.recall, p.recall, `recall at ${p.threshold}`);
        expectRel(m.f1, p.f1, `f1 at ${p.threshold}`);
      }
    });

    it('best F1 equals the brute-force search scored by f1_score', () => {
      // the sweep shared with the cost model; "every row alarms" may sit at another value below the minimum
      const best = bestF1Threshold(c.scores, c.labels);
      expect(confusionAt(c.scores, c.labels, best.threshold)).toEqual(confusionAt(c.scores, c.labels, c.bestF1.threshold));
      expectRel(best!.f1, c.bestF1.f1, 'f1');
      expectRel(best!.precision, c.bestF1.precision, 'precision');
      expectRel(best!.recall, c.bestF1.recall, 'recall');
    });
  });
});

describe('curve downsampling (maxPoints)', () => {
  const big = fixtures.ranking.find((c) => c.name === 'imbalanced')!;

  it('keeps the end points, stays within maxPoints and only keeps real points, in order', () => {
    const full = rocCurve(big.scores, big.labels);
    const small = rocCurve(big.scores, big.labels, { maxPoints: 20 });
    expect(full.fpr.length).toBe(210);
    expect(small.fpr.length).toBeLessThanOrEqual(20);
    expect(small.fpr.length).toBeGreaterThan(10);
    const fullThr = Array.from(full.thresholds);
    let last = -1;
    for (let i = 0; i < small.thresholds.length; i++) {
      const j = fullThr.indexOf(small.thresholds[i]);
      expect(j).toBeGreaterThan(last);
      expect([small.fpr[i], small.tpr[i]]).toEqual([full.fpr[j], full.tpr[j]]);
      last = j;
    }
    expect([small.fpr[0], small.tpr[0]]).toEqual([0, 0]);
    expect([small.fpr.at(-1), small.tpr.at(-1)]).toEqual([1, 1]);
  });

  it('keeps the point farthest above the diagonal (the ROC knee) and the PR precision extremes', () => {
    const full = rocCurve(big.scores, big.labels);
    const small = rocCurve(big.scores, big.labels, { maxPoints: 10 });
    const j = (r: { fpr: Float64Array; tpr: Float64Array }) => Math.max(...r.tpr.map((t, i) => t - r.fpr[i]));
    expect(j(small)).toBe(j(full));

    const pr = prCurve(big.scores, big.labels);
    const prSmall = prCurve(big.scores, big.labels, { maxPoints: 10 });
    expect(prSmall.precision.length).toBeLessThanOrEqual(10);
    expect(prSmall.thresholds.length).toBe(prSmall.precision.length - 1);
    // the closing point (precision 1, recall 0) and the all-rows point survive; interior max/min too
    expect([prSmall.precision.at(-1), prSmall.recall.at(-1)]).toEqual([1, 0]);
    expect(prSmall.thresholds[0]).toBe(pr.thresholds[0]);
    const interior = (xs: Float64Array) => xs.subarray(1, xs.length - 1);
    expect(Math.max(...interior(prSmall.precision))).toBe(Math.max(...interior(pr.precision)));
    expect(Math.min(...interior(prSmall.precision))).toBe(Math.min(...interior(pr.precision)));
  });

  it('returns the curve unchanged when it is already small, and rejects maxPoints below 2', () => {
    expect(Array.from(rocCurve(scores, labels, { maxPoints: 100 }).fpr)).toEqual(Array.from(rocCurve(scores, labels).fpr));
    expect(() => rocCurve(big.scores, big.labels, { maxPoints: 1 })).toThrow();
  });
});

describe('curve edge cases', () => {
  it('gives NaN rates for a missing class, as sklearn, and empty curves for empty input', () => {
    const roc = rocCurve([1, 2], [0, 0]);
    expect(Array.from(roc.fpr)).toEqual([0, 0.5, 1]);
    expect(roc.tpr.every(Number.isNaN)).toBe(true);
    expect(rocCurve([], []).fpr.length).toBe(0);
    // sklearn: without positives recall is 1 at every threshold
    expect(Array.from(prCurve([1, 2], [0, 0]).recall)).toEqual([1, 1, 0]);
    expect(Array.from(prCurve([], []).precision)).toEqual([1]);
  });
});

describe(`reconstruction R2 against scikit-learn ${fixtures.sklearn}`, () => {
  const byName = (name: string) => fixtures.r2.find((c) => c.name === name)!;

  it.each(['good', 'poor'])('%s: equals r2_score(multioutput="variance_weighted")', (name) => {
    const c = byName(name);
    expectRel(reconstructionR2(c.X, c.Xhat, c.nSignals), c.r2VarianceWeighted, 'r2');
    expectRel(reconstructionR2(c.X, c.Xhat, c.nSignals), c.r2AllEntries, 'r2 (numpy formula)');
    const E = Float64Array.from(c.X, (x, i) => (x - c.Xhat[i]) ** 2);
    expectRel(reconstructionR2FromErrors(E, c.X, c.nSignals), c.r2VarianceWeighted, 'r2 from E');
  });

  it('takes E as the Float32Array the models produce (to float32 precision)', () => {
    const c = byName('good');
    const E = Float32Array.from(c.X, (x, i) => (x - c.Xhat[i]) ** 2);
    expect(reconstructionR2FromErrors(E, c.X, c.nSignals)).toBeCloseTo(c.r2VarianceWeighted, 6);
  });

  it('counts the error on a constant column, which sklearn drops', () => {
    const c = byName('constantColumn');
    expectRel(reconstructionR2(c.X, c.Xhat, c.nSignals), c.r2AllEntries, 'r2');
    expect(c.r2AllEntries).toBeLessThan(c.r2VarianceWeighted - 1e-4);
  });

  it('is null when every column is constant, and checks shapes', () => {
    expect(reconstructionR2([1, 2, 1, 2], [1, 2, 1, 3], 2)).toBeNull();
    expect(reconstructionR2([], [], 3)).toBeNull();
    expect(() => reconstructionR2([1, 2, 3], [1, 2, 3], 2)).toThrow();
    expect(() => reconstructionR2([1, 2], [1], 1)).toThrow();
    // by hand: one column 0, 2 (mean 1, total 2), reconstructed as 0.5, 2 -> error 0.25, R2 = 1 - 0.25 / 2
    expect(reconstructionR2([0, 2], [0.5, 2], 1)).toBe(0.875);
  });
});

// ---- event-wise and point-adjusted (hand-computed) ----------------------------------------------

describe('eventMetrics (by hand)', () => {
  // row:      0  1  2  3  4  5  6  7  8  9 10 11 12
  const truth = [0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0]; // true events [1,3] [6,7] [11,11]
  const alarm = [0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]; // alarm runs [2,2] [9,12]

  it('finds maximal runs', () => {
    expect(runsOf(truth)).toEqual([[1, 3], [6, 7], [11, 11]]);
    expect(runsOf(alarm)).toEqual([[2, 2], [9, 12]]);
    expect(runsOf([true, true, false, true])).toEqual([[0, 1], [3, 3]]);
  });

  it('recall over true events, precision over alarm runs', () => {
    // detected: [1,3] (row 2) and [11,11] (row 11), missed [6,7] -> recall 2/3
    // both alarm runs touch a true event ([9,12] through row 11) -> precision 2/2
    // F1 = 2 * 1 * 2/3 / (1 + 2/3) = 4/5
    expect(eventMetrics(alarm, truth)).toEqual({
      trueEvents: 3, detectedEvents: 2, alarmRuns: 2, matchedAlarmRuns: 2, precision: 1, recall: 2 / 3, f1: 0.8,
    });
  });

  it('an alarm run next to an event, without sharing a row, is a false alarm', () => {
    // row 5 alarmed: a third run [5,5] that ends just before the event [6,7] -> precision 2/3
    // F1 = 2 * 2/3 * 2/3 / (4/3) = 2/3
    const a = alarm.slice();
    a[5] = 1;
    const m = eventMetrics(a, truth);
    expect(m).toMatchObject({ alarmRuns: 3, matchedAlarmRuns: 2, detectedEvents: 2 });
    expect(m.precision).toBeCloseTo(2 / 3, 15);
    expect(m.f1).toBeCloseTo(2 / 3, 15);
  });

  it('accepts booleans and typed arrays, and gives zeros without events or alarms', () => {
    expect(eventMetrics(alarm.map((v) => v === 1), truth).f1).toBe(0.8);
    expect(eventMetrics(Uint8Array.from(alarm), truth).f1).toBe(0.8);
    expect(eventMetrics(alarmsAt([0.1, 0.9, 0.2], 0.5), [0, 0, 0])).toEqual({
      trueEvents: 0, detectedEvents: 0, alarmRuns: 1, matchedAlarmRuns: 0, precision: 0, recall: 0, f1: 0,
    });
    expect(eventMetrics([], [])).toMatchObject({ trueEvents: 0, alarmRuns: 0, f1: 0 });
    expect(() => eventMetrics([1], [])).toThrow();
  });
});

describe('pointAdjustedF1 (by hand)', () => {
  const truth = [0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0];
  const alarm = [0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1];

  it('credits every row of an event that has at least one alarm', () => {
    // adjusted alarms: event [1,3] becomes 1 1 1 (row 2 hit), [11,11] stays hit, [6,7] stays missed:
    //   adjusted = 0 1 1 1 0 0 0 0 0 1 1 1 1
    // tp = rows 1,2,3,11 = 4; fn = rows 6,7 = 2; fp = rows 9,10,12 = 3; tn = rows 0,4,5,8 = 4
    // F1 = 8 / (8 + 3 + 2) = 8/13; point-wise it is only tp 2 fp 3 fn 4 -> 4/11
    const pa = pointAdjustedF1(alarm, truth);
    expect(pa).toMatchObject({ tp: 4, fp: 3, tn: 4, fn: 2 });
    expect(pa.f1).toBeCloseTo(8 / 13, 15);
    expect(pa.precision).toBeCloseTo(4 / 7, 15);
    expect(pa.recall).toBeCloseTo(2 / 3, 15);
    expect(evaluate(alarm, truth, 0.5).f1).toBeCloseTo(4 / 11, 15);
  });

  it('flatters: one alarm in a 100-row event makes recall 1', () => {
    // 200 rows, rows 50..149 one event, a single alarm at row 100 (and nowhere else)
    const truth200 = Array.from({ length: 200 }, (_, i) => (i >= 50 && i < 150 ? 1 : 0));
    const alarm200 = truth200.map((_, i) => (i === 100 ? 1 : 0));
    // point-wise: tp 1, fn 99 -> F1 = 2 / (2 + 99) = 2/101; adjusted: tp 100 -> F1 = 1
    expect(evaluate(alarm200, truth200, 0.5).f1).toBeCloseTo(2 / 101, 15);
    expect(pointAdjustedF1(alarm200, truth200)).toMatchObject({ tp: 100, fp: 0, fn: 0, f1: 1, recall: 1 });
  });
});
