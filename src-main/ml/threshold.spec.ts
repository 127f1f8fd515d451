import { describe, it, expect } from 'vitest';
import {
  bestF1Threshold,
  costModelThreshold,
  labelEvents,
  meanKSigma,
  percentile,
  populationStd,
  thresholdCurve,
  thresholdValue,
} from './threshold';

describe('thresholdValue', () => {
  it('mean + k * population std (by hand)', () => {
    // [1..5]: mean 3, population variance (4+1+0+1+4)/5 = 2
    expect(populationStd([1, 2, 3, 4, 5])).toBeCloseTo(Math.SQRT2, 12);
    expect(thresholdValue({ kind: 'mean-k-sigma', k: 3 }, [5, 1, 4, 2, 3])).toBeCloseTo(3 + 3 * Math.SQRT2, 12);
    expect(thresholdValue({ kind: 'mean-k-sigma', k: 0 }, Float32Array.from([2, 4]))).toBe(3);
  });

  it('percentile interpolates linearly like numpy.percentile', () => {
    const oneTo21 = Array.from({ length: 21 }, (_, i) => 21 - i); // unsorted on purpose
    // rank 0.95 * 20 = 19 exactly -> the 20th smallest value
    expect(thresholdValue({ kind: 'percentile', p: 95 }, oneTo21)).toBe(20);
    // [1,2,3,4], p 90: rank 2.7 -> 3 + 0.7 * (4 - 3)
    expect(percentile([4, 1, 3, 2], 90)).toBeCloseTo(3.7, 12);
    expect(percentile([4, 1, 3, 2], 0)).toBe(1);
    expect(percentile([4, 1, 3, 2], 100)).toBe(4);
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([7], 99)).toBe(7);
  });

  it('manual returns the value, even without training scores', () => {
    expect(thresholdValue({ kind: 'manual', value: 0.42 }, [])).toBe(0.42);
  });

  it('refuses a data-driven rule without training scores', () => {
    expect(() => thresholdValue({ kind: 'percentile', p: 99 }, [])).toThrow();
    expect(() => thresholdValue({ kind: 'mean-k-sigma', k: 3 }, [])).toThrow();
  });
});

// ---------------------------------------------------------------------------------------------
// Supervised rules and the threshold curve.

/*
 * The cost-model case: 14 rows, two labelled events, tolerance 2.
 *   row     0  1  2  3  4  5  6  7  8  9 10 11 12 13
 *   score   1  5  2  3  4  8  9  3  6  1  2  4  7  1
 *   label   0  0  0  1  1  0  0  0  0  1  1  0  0  0
 * Event A = rows [3,4]: detected if an alarm lies in [3, 5]  -> max score there 8  -> detected iff t < 8
 *                       alarms in [3, 6] are never false
 * Event B = rows [9,10]: detected if an alarm lies in [9, 11] -> max score there 4 -> detected iff t < 4
 *                       alarms in [9, 12] are never false
 * Rows outside both extended events: 0, 1, 2, 7, 8, 13 with scores 1, 5, 2, 3, 6, 1.
 * Rows 6 (9) and 12 (7) sit in an extension only: they never count as false and never detect.
 *
 *   t (candidate)   9  8  7  6  5  4  3  2  1  0 (below the minimum)
 *   false alarms    0  0  0  0  1  2  2  3  4  6     (# outside scores > t)
 *   missed events   2  2  1  1  1  1  0  0  0  0
 *   cost c=(1, 5)  10 10  5  5  6  7  2  3  4  6     -> optimum t = 3, cost 2
 *   cost c=(1, 1)   2  2  1  1  2  3  2  3  4  6     -> optimum cost 1 at t = 7 and 6: tie -> higher, t = 7
 * Check of t = 3 by hand: alarm rows (score > 3) are 1, 4, 5, 6, 8, 11, 12; row 4 detects A, row 11
 * detects B; rows 1 and 8 are false; 5, 6, 12 are inside extended events. Cost = 1*2 + 5*0 = 2.
 */
const COST_SCORES = [1, 5, 2, 3, 4, 8, 9, 3, 6, 1, 2, 4, 7, 1];
const COST_LABELS = [0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0];

describe('labelEvents', () => {
  it('finds maximal runs of labelled rows', () => {
    expect(labelEvents(COST_LABELS)).toEqual([{ start: 3, end: 4 }, { start: 9, end: 10 }]);
    expect(labelEvents([1, 1, 0, 2, 0, 0, 1])).toEqual([{ start: 0, end: 1 }, { start: 3, end: 3 }, { start: 6, end: 6 }]);
    expect(labelEvents([])).toEqual([]);
  });
});

describe('costModelThreshold', () => {
  it('counts detected/missed events and false alarm rows at every candidate (hand-built case)', () => {
    const curve = thresholdCurve(COST_SCORES, COST_LABELS, { cost: { cAlarm: 1, cMissed: 5, tolerance: 2 } });
    expect(curve.candidates).toBe(10);
    expect(curve.points.map((p) => p.threshold)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(curve.points.map((p) => p.falseAlarms)).toEqual([0, 0, 0, 0, 1, 2, 2, 3, 4, 6]);
    expect(curve.points.map((p) => p.missedEvents)).toEqual([2, 2, 1, 1, 1, 1, 0, 0, 0, 0]);
    expect(curve.points.map((p) => p.cost)).toEqual([10, 10, 5, 5, 6, 7, 2, 3, 4, 6]);
    expect(curve.bestCost).toMatchObject({ threshold: 3, cost: 2, falseAlarms: 2, missedEvents: 0 });
  });

  it('finds the optimum and breaks ties toward the higher threshold', () => {
    expect(costModelThreshold(COST_SCORES, COST_LABELS, { cAlarm: 1, cMissed: 5, tolerance: 2 })).toMatchObject({ threshold: 3, cost: 2 });
    expect(costModelThreshold(COST_SCORES, COST_LABELS, { cAlarm: 1, cMissed: 1, tolerance: 2 })).toMatchObject({
      threshold: 7,
      cost: 1,
      falseAlarms: 0,
      missedEvents: 1,
    });
    // tolerance 0: A is detected iff an alarm lies on row 3 (t < 3), B iff on row 9 (t < 1); only the
    // event rows 3, 4, 9, 10 are never false. Outside scores sorted: 1 1 2 3 4 5 6 7 8 9. With c = (1, 5):
    //   t        9  8  7  6  5  4  3  2  1  0
    //   false    0  1  2  3  4  5  6  7  8 10
    //   missed   2  2  2  2  2  2  2  1  1  0
    //   cost    10 11 12 13 14 15 16 12 13 10   -> t = 9 and t = 0 tie at 10; the higher one wins
    expect(costModelThreshold(COST_SCORES, COST_LABELS, { cAlarm: 1, cMissed: 5, tolerance: 0 })).toMatchObject({
      threshold: 9,
      cost: 10,
      alarms: 0,
    });
    expect(
      thresholdCurve(COST_SCORES, COST_LABELS, { cost: { cAlarm: 1, cMissed: 5, tolerance: 0 } }).points.map((p) => p.cost),
    ).toEqual([10, 11, 12, 13, 14, 15, 16, 12, 13, 10]);
    // zero alarm cost: the lowest candidate detects everything for free, but the highest zero-cost threshold wins
    expect(costModelThreshold(COST_SCORES, COST_LABELS, { cAlarm: 0, cMissed: 1, tolerance: 2 })).toMatchObject({ threshold: 3, cost: 0 });
  });

  it('is reached through thresholdValue', () => {
    const validation = { scores: COST_SCORES, labels: COST_LABELS };
    expect(thresholdValue({ kind: 'cost', cAlarm: 1, cMissed: 5, tolerance: 2 }, [], validation)).toBe(3);
    expect(() => thresholdValue({ kind: 'cost', cAlarm: 1, cMissed: 5, tolerance: 2 }, [1, 2], { scores: COST_SCORES })).toThrow(/labels/);
    expect(() => thresholdValue({ kind: 'cost', cAlarm: 1, cMissed: 5, tolerance: 2 }, [1, 2])).toThrow(/validation/);
  });

  it('rejects bad parameters', () => {
    expect(() => costModelThreshold(COST_SCORES, COST_LABELS, { cAlarm: -1, cMissed: 1, tolerance: 0 })).toThrow(/cAlarm/);
    expect(() => costModelThreshold(COST_SCORES, COST_LABELS, { cAlarm: 1, cMissed: 1, tolerance: 0.5 })).toThrow(/tolerance/);
    expect(() => costModelThreshold([1, 2], [0], { cAlarm: 1, cMissed: 1, tolerance: 0 })).toThrow(/length/);
  });
});

/** Seeded LCG (glibc constants) so the random cases are the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** Random scores with ties (rounded to 1/step) and labels in runs, anomalies scoring a bit higher. */
function randomCase(seed: number, n: number, step: number): { scores: number[]; labels: number[] } {
  const rand = rng(seed);
  const labels: number[] = [];
  let on = false;
  for (let i = 0; i < n; i++) {
    if (rand() < (on ? 0.3 : 0.05)) on = !on;
    labels.push(on ? 1 : 0);
  }
  const scores = labels.map((l) => Math.round((rand() + 0.4 * l) * step) / step);
  return { scores, labels };
}

/** Every candidate the naive way: unique scores descending, then one below the minimum. */
function naiveCandidates(scores: number[]): number[] {
  const u = [...new Set(scores)].sort((a, b) => b - a);
  return [...u, u[u.length - 1] - Math.max(1, Math.abs(u[u.length - 1]))];
}

/** O(n^2) best F1: count the confusion matrix at every candidate; ties to the higher threshold. */
function naiveBestF1(scores: number[], labels: number[]): { threshold: number; f1: number } {
  let best = { threshold: NaN, f1: -1 };
  for (const t of naiveCandidates(scores)) {
    let tp = 0, fp = 0, fn = 0;
    scores.forEach((s, i) => {
      if (s > t && labels[i] > 0) tp++;
      else if (s > t) fp++;
      else if (labels[i] > 0) fn++;
    });
    const f1 = tp > 0 ? (2 * tp) / (2 * tp + fp + fn) : 0;
    if (f1 > best.f1) best = { threshold: t, f1 };
  }
  return best;
}

/** DESIGN's cost model read literally, O(n * (n + events)) per threshold. */
function naiveCost(scores: number[], labels: number[], t: number, cA: number, cM: number, tol: number): number {
  const events: [number, number][] = [];
  labels.forEach((l, i) => {
    if (l > 0 && i > 0 && labels[i - 1] > 0) events[events.length - 1][1] = i;
    else if (l > 0) events.push([i, i]);
  });
  const alarm = (i: number): boolean => scores[i] > t;
  let missed = 0;
  for (const [a] of events) if (!scores.some((_, i) => alarm(i) && i >= a && i <= a + tol)) missed++;
  let falseAlarms = 0;
  scores.forEach((_, i) => {
    if (alarm(i) && events.every(([a, b]) => i < a || i > b + tol)) falseAlarms++;
  });
  return cA * falseAlarms + cM * missed;
}

function naiveBestCost(scores: number[], labels: number[], cA: number, cM: number, tol: number): { threshold: number; cost: number } {
  let best = { threshold: NaN, cost: Infinity };
  for (const t of naiveCandidates(scores)) {
    const cost = naiveCost(scores, labels, t, cA, cM, tol);
    if (cost < best.cost) best = { threshold: t, cost };
  }
  return best;
}

describe('bestF1Threshold', () => {
  it('hand-built: F1 = 2tp / (alarms + positives), best at the highest tying threshold', () => {
    // scores 0.1 0.4 0.35 0.8, labels 0 0 1 1 (sklearn's classic); positives 2
    //   t=0.8: nothing alarms, F1 0 | t=0.4: {0.8} tp1 -> 2/3 | t=0.35: {0.8,0.4} tp1 -> 2/4
    //   t=0.1: {0.8,0.4,0.35} tp2 -> 4/5 | t=-0.9: all 4, tp2 -> 4/6      best: t = 0.1, F1 0.8
    expect(bestF1Threshold([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toMatchObject({ threshold: 0.1, f1: 0.8, alarms: 3, truePositives: 2 });
    // scores 1 2 3 4, labels 1 0 1 0 -> t=4: 0 | t=3: {4} tp0 -> 0 | t=2: {3,4} tp1 -> 2/4 | t=1: {2,3,4} tp1 -> 2/5
    //   t=0: all, tp2 -> 4/6 = 0.667. best t = 0 (below the minimum: every row alarms)
    expect(bestF1Threshold([1, 2, 3, 4], [1, 0, 1, 0])).toMatchObject({ threshold: 0, f1: 4 / 6 });
    // scores [4, 1, 3, 2], labels [1, 1, 0, 0]: t=3 -> {4} 2/3; t=2 -> {4,3} 2/4; t=1 -> {4,3,2} 2/5; t=-1 -> all, 4/6 = 2/3
    //   -> t = 3 and t = -1 tie at 2/3; the higher threshold (fewer alarms) wins
    expect(bestF1Threshold([4, 1, 3, 2], [1, 1, 0, 0])).toMatchObject({ threshold: 3, f1: 2 / 3, alarms: 1 });
    // no positives: every F1 is 0 -> the maximum score, nothing alarms
    expect(bestF1Threshold([1, 5, 2], [0, 0, 0])).toMatchObject({ threshold: 5, f1: 0, alarms: 0 });
    // NaN scores never alarm and are not candidates; a positive row with NaN counts as missed
    expect(bestF1Threshold([NaN, 2, 1], [1, 1, 0])).toMatchObject({ threshold: 1, f1: 2 / 3 });
  });

  it('matches an O(n^2) brute force on seeded random data, with ties', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const { scores, labels } = randomCase(seed, 150 + seed * 7, seed % 3 === 0 ? 10 : 200);
      const fast = bestF1Threshold(scores, labels);
      const slow = naiveBestF1(scores, labels);
      expect(fast.threshold, `seed ${seed}`).toBe(slow.threshold);
      expect(fast.f1, `seed ${seed}`).toBe(slow.f1);
    }
  });

  it('is reached through thresholdValue, and Float32/Uint8 arrays work', () => {
    const scores = Float32Array.from([0.1, 0.4, 0.35, 0.8]);
    const labels = Uint8Array.from([0, 0, 1, 1]);
    expect(thresholdValue({ kind: 'best-f1' }, [], { scores, labels })).toBeCloseTo(0.1, 7);
  });
});

describe('costModelThreshold vs brute force', () => {
  it('matches DESIGN read literally on seeded random data', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const { scores, labels } = randomCase(100 + seed, 120 + seed * 5, seed % 2 ? 8 : 100);
      const model = { cAlarm: 1 + (seed % 3), cMissed: 3 + 4 * (seed % 4), tolerance: seed % 5 };
      const fast = costModelThreshold(scores, labels, model);
      const slow = naiveBestCost(scores, labels, model.cAlarm, model.cMissed, model.tolerance);
      expect(fast.threshold, `seed ${seed}`).toBe(slow.threshold);
      expect(fast.cost, `seed ${seed}`).toBe(slow.cost);
    }
  });
});

describe('mean-k-sigma on train or validation scores', () => {
  it('uses the chosen split', () => {
    const train = [1, 2, 3, 4, 5]; // mean 3, std sqrt 2
    const validation = { scores: [10, 20] }; // mean 15, std 5
    expect(thresholdValue({ kind: 'mean-k-sigma', k: 2 }, train, validation)).toBeCloseTo(3 + 2 * Math.SQRT2, 12);
    expect(thresholdValue({ kind: 'mean-k-sigma', k: 2, source: 'train' }, train, validation)).toBeCloseTo(3 + 2 * Math.SQRT2, 12);
    expect(thresholdValue({ kind: 'mean-k-sigma', k: 2, source: 'validation' }, train, validation)).toBe(25);
    expect(meanKSigma([10, 20], 1)).toBe(20);
    expect(() => thresholdValue({ kind: 'mean-k-sigma', k: 2, source: 'validation' }, train)).toThrow(/validation/);
  });
});

describe('thresholdCurve', () => {
  it('gives every candidate with F1 and cost, matching the brute force pointwise', () => {
    const { scores, labels } = randomCase(5, 200, 20);
    const cost = { cAlarm: 1, cMissed: 10, tolerance: 3 };
    const curve = thresholdCurve(scores, labels, { cost, maxPoints: 10_000 });
    expect(curve.points.map((p) => p.threshold)).toEqual(naiveCandidates(scores));
    for (const p of curve.points) expect(p.cost).toBe(naiveCost(scores, labels, p.threshold, 1, 10, 3));
    expect(curve.bestF1.threshold).toBe(naiveBestF1(scores, labels).threshold);
  });

  it('downsamples to at most maxPoints and always keeps both optima', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { scores, labels } = randomCase(seed, 2000, 1000);
      const cost = { cAlarm: 1, cMissed: 20, tolerance: 5 };
      for (const maxPoints of [2, 3, 17, 100]) {
        const curve = thresholdCurve(scores, labels, { cost, maxPoints });
        expect(curve.candidates).toBeGreaterThan(100);
        expect(curve.points.length).toBeLessThanOrEqual(maxPoints);
        const ts = curve.points.map((p) => p.threshold);
        for (let i = 1; i < ts.length; i++) expect(ts[i]).toBeLessThan(ts[i - 1]); // descending
        expect(curve.points).toContainEqual(curve.bestF1);
        expect(curve.points).toContainEqual(curve.bestCost);
        expect(curve.bestF1.f1).toBe(Math.max(...curve.points.map((p) => p.f1)));
        const f1Only = bestF1Threshold(scores, labels);
        expect([curve.bestF1.threshold, curve.bestF1.f1]).toEqual([f1Only.threshold, f1Only.f1]);
        expect(curve.bestCost).toEqual(costModelThreshold(scores, labels, cost));
        if (maxPoints >= 17) {
          expect(ts[0]).toBe(Math.max(...scores)); // the ends stay when there is room
          expect(ts[ts.length - 1]).toBeLessThan(Math.min(...scores));
        }
      }
    }
  });

  it('without a cost model the cost fields are null', () => {
    const curve = thresholdCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
    expect(curve.bestCost).toBeNull();
    expect(curve.points.every((p) => p.cost === null && p.falseAlarms === null && p.missedEvents === null)).toBe(true);
    expect(curve.points.map((p) => p.f1)).toEqual([0, 2 / 3, 2 / 4, 4 / 5, 4 / 6]);
    expect(() => thresholdCurve([1], [0], { maxPoints: 1 })).toThrow(/maxPoints/);
  });
});
