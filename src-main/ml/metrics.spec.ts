import { describe, it, expect } from 'vitest';
import { averagePrecision, confusionAt, evaluate, rocAuc } from './metrics';

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
