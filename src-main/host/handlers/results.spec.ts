import { describe, expect, it } from 'vitest';
import { channels } from '../../../shared/ipc';
import { bestF1Threshold, costModelThreshold } from '../../ml/threshold';
import { RunStore } from '../runs';
import { testRunRecord, type TestRunOptions } from '../test-runs';
import { resultsHandlers } from './results';

function handlersFor(options: TestRunOptions) {
  const runs = new RunStore();
  runs.add(testRunRecord(options));
  return resultsHandlers({ runs });
}

describe('results:thresholdCurve', () => {
  // rows 0-7 validate, rows 8-11 test; labelled rows 2-3, 6 and 10
  const scores = [0.1, 0.4, 0.9, 0.35, 0.2, 0.5, 0.8, 0.3, 0.1, 0.2, 0.9, 0.3];
  const labels = [0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 0];
  const validationRows = [0, 1, 2, 3, 4, 5, 6, 7];
  const testRows = [8, 9, 10, 11];
  // what the run holds: the scores as float32
  const pick = (values: number[], rows: number[]) => rows.map((row) => Math.fround(values[row]!));
  const curveOf = async (options: TestRunOptions, cost?: { cAlarm: number; cMissed: number; tolerance: number }) => {
    const answer = await handlersFor(options)['results:thresholdCurve']({ runId: 'r1', cost });
    return channels['results:thresholdCurve'].response.parse(answer);
  };

  it('peaks where bestF1Threshold says, over the validation rows', async () => {
    const curve = await curveOf({ scores, labels, validationRows, testRows });
    const best = bestF1Threshold(pick(scores, validationRows), pick(labels, validationRows));
    expect(curve.rows).toBe('validation');
    // 8 unique validation scores plus one below them all
    expect(curve.candidates).toBe(9);
    expect(curve.thresholds[curve.bestF1]).toBe(best.threshold);
    expect(curve.f1[curve.bestF1]).toBeCloseTo(best.f1, 6);
    // by hand: alarming 0.9 and 0.8 (> 0.5) finds 2 of the 3 labelled rows without a false alarm;
    // down to 0.3 finds all 3 with 2 false alarms (F1 6/8)
    expect(best.threshold).toBe(Math.fround(0.5));
    expect(best.f1).toBeCloseTo(4 / 5, 12);
    expect(Math.max(...curve.f1)).toBe(curve.f1[curve.bestF1]);
    expect(curve.thresholds).toBeInstanceOf(Float64Array);
    expect(curve.f1).toBeInstanceOf(Float32Array);
    expect(curve.cost).toBeNull();
  });

  it('uses the test rows when the run has no validation rows', async () => {
    const curve = await curveOf({ scores, labels, testRows });
    const best = bestF1Threshold(pick(scores, testRows), pick(labels, testRows));
    expect(curve.rows).toBe('test');
    expect(curve.thresholds[curve.bestF1]).toBe(best.threshold);
    expect(curve.f1[curve.bestF1]).toBe(1);
  });

  it('uses the test rows when no validation row is labelled (training on normal rows only)', async () => {
    const curve = await curveOf({ scores, labels, validationRows: [0, 1, 4, 5, 7], testRows });
    expect(curve.rows).toBe('test');
    expect(curve.candidates).toBe(5);
  });

  it('adds the cost and its lowest point when given a cost model', async () => {
    const cost = { cAlarm: 1, cMissed: 5, tolerance: 1 };
    const curve = await curveOf({ scores, labels, validationRows, testRows }, cost);
    const best = costModelThreshold(pick(scores, validationRows), pick(labels, validationRows), cost);
    expect(curve.cost).toHaveLength(curve.thresholds.length);
    expect(curve.thresholds[curve.bestCost!]).toBe(best.threshold);
    expect(curve.cost![curve.bestCost!]).toBe(best.cost);
    expect(Math.min(...curve.cost!)).toBe(best.cost);
  });

  it('keeps at most 2000 points and the exact optimum of a long run', async () => {
    const n = 20_000;
    const long = Array.from({ length: n }, (_, i) => Math.fround(Math.sin(i * 12.9898) * 0.5 + 0.5 + (i % 97 === 0 ? 0.6 : 0)));
    const longLabels = long.map((_, i) => (i % 97 === 0 || i % 89 === 0 ? 1 : 0));
    const curve = await curveOf({ scores: long, labels: longLabels });
    const best = bestF1Threshold(long, longLabels);
    expect(curve.candidates).toBeGreaterThan(2000);
    expect(curve.thresholds.length).toBeLessThanOrEqual(2000);
    expect(curve.thresholds[curve.bestF1]).toBe(best.threshold);
    expect(curve.f1[curve.bestF1]).toBeCloseTo(best.f1, 6);
  });

  it('says what is missing without labels', async () => {
    await expect(curveOf({ scores, labels: null })).rejects.toThrow(/needs labels/);
  });
});

describe('results:heatmap', () => {
  // 40 rows x 2 signals; signal b has the larger error everywhere
  const n = 40;
  const errors = Array.from({ length: n * 2 }, (_, i) => (i % 2 === 0 ? 1 : 10) * (((i * 7) % 13) + 1));
  const options = { scores: new Array(n).fill(0), signals: ['a', 'b'], raw: new Array(n * 2).fill(0), errors };

  it('answers level-aligned buckets that cover the rows asked for, placed by its own rowStart and bucketSize', async () => {
    const heatmap = await handlersFor(options)['results:heatmap']({ runId: 'r1', rowStart: 5, rowEnd: 27, width: 4, sortByError: true });
    channels['results:heatmap'].response.parse(heatmap);
    expect(heatmap.values).toBeInstanceOf(Float32Array);
    expect(heatmap.signals).toEqual(['b', 'a']);
    // 22 rows in 4 buckets need 6 rows each: aligned, 8 rows from row 0 to row 32
    expect(heatmap).toMatchObject({ rowStart: 0, rowEnd: 32, bucketSize: 8 });
    const buckets = heatmap.values.length / 2;
    expect(buckets).toBe(4);
    for (let b = 0; b < buckets; b++) {
      const from = heatmap.rowStart + b * heatmap.bucketSize;
      const rows = Array.from({ length: Math.min(heatmap.bucketSize, heatmap.rowEnd - from) }, (_, r) => from + r);
      expect(heatmap.values[b * 2]).toBe(Math.max(...rows.map((row) => errors[row * 2 + 1]!)));
      expect(heatmap.values[b * 2 + 1]).toBe(Math.max(...rows.map((row) => errors[row * 2]!)));
    }
  });
});

describe('results:heatmap normalised', () => {
  // 8 rows x 3 signals; typical errors 1, 100, 4 floor at the median 4: divisors 4, 100, 4
  const errors = [
    0, 50, 1, //
    8, 100, 2,
    0, 60, 1,
    0, 40, 1,
    4, 80, 2,
    0, 20, 1,
    0, 10, 1,
    0, 30, 3,
  ];
  const options = { scores: new Array(8).fill(0), signals: ['a', 'b', 'c'], raw: new Array(24).fill(0), errors, typicalError: [1, 100, 4] };
  const request = { runId: 'r1', rowStart: 0, rowEnd: 8, width: 2, sortByError: true };

  it('divides each signal by its floored typical error and sorts by the normalised totals', async () => {
    const handlers = handlersFor(options);
    const raw = await handlers['results:heatmap']({ ...request, normalised: false });
    // raw totals a 12, b 390, c 12: b first, then a and c in column order
    expect(raw.signals).toEqual(['b', 'a', 'c']);
    const normalised = await handlers['results:heatmap']({ ...request, normalised: true });
    channels['results:heatmap'].response.parse(normalised);
    // normalised totals a 12/4 = 3, b 390/100 = 3.9, c 12/4 = 3
    expect(normalised.signals).toEqual(['b', 'a', 'c']);
    expect(normalised).toMatchObject({ rowStart: 0, rowEnd: 8, bucketSize: 4 });
    // bucket maxima: rows 0-3 a 8, b 100, c 2; rows 4-7 a 4, b 80, c 3
    expect(Array.from(normalised.values)).toEqual([1, 2, 0.5, 0.8, 1, 0.75].map(Math.fround));
    expect(normalised.maxValue).toBe(2);
  });

  it('orders by the normalised totals where they differ from the raw ones', async () => {
    const handlers = handlersFor({ ...options, typicalError: [1, 1000, 2] });
    // divisors 2, 1000, 2: a 6, b 0.39, c 6
    const heatmap = await handlers['results:heatmap']({ ...request, normalised: true });
    expect(heatmap.signals).toEqual(['a', 'c', 'b']);
    expect(Array.from(heatmap.values.slice(0, 3))).toEqual([4, 1, 0.1].map(Math.fround));
  });

  it('is raw when the request does not say', async () => {
    const heatmap = await handlersFor(options)['results:heatmap']({ ...request, sortByError: false });
    expect(Array.from(heatmap.values)).toEqual([8, 100, 2, 4, 80, 3]);
  });

  it('gives culprits normalised by the same floored typical error', async () => {
    const handlers = handlersFor({ ...options, scores: [0, 1, 0, 0, 0, 0, 0, 0] });
    await handlers['results:setThreshold']({ runId: 'r1', rule: { kind: 'manual', value: 0.5 } });
    const { contributions } = await handlers['results:explainEvent']({ runId: 'r1', eventIndex: 0 });
    // event at row 1: a 8 / 4 = 2 (not 8 / 1), b 100 / 100, c 2 / 4
    const normalised = Object.fromEntries(contributions.map((c) => [c.signal, c.normalisedError]));
    expect(normalised).toEqual({ a: 2, b: 1, c: 0.5 });
  });
});

describe('results:signals', () => {
  // 7 rows x 2 signals: a counts up, b has a gap at row 2 and a missing bucket at rows 4-5
  const raw = [
    0, 5, //
    1, -5,
    2, NaN,
    3, 7,
    4, NaN,
    5, NaN,
    6, 1,
  ];
  const handlers = () => handlersFor({ scores: new Array(7).fill(0), signals: ['a', 'b'], raw });

  it('answers a min/max envelope per bucket, in the order asked for, skipping missing values', async () => {
    const answer = await handlers()['results:signals']({ runId: 'r1', signals: ['b', 'a'], rowStart: 0, rowEnd: 7, width: 4 });
    channels['results:signals'].response.parse(answer);
    expect(answer).toMatchObject({ rowStart: 0, rowEnd: 7, bucketSize: 2 });
    const [b, a] = answer.signals;
    expect(a!.signal).toBe('a');
    expect(Array.from(a!.min)).toEqual([0, 2, 4, 6]);
    expect(Array.from(a!.max)).toEqual([1, 3, 5, 6]);
    expect(b!.signal).toBe('b');
    expect(Array.from(b!.min)).toEqual([-5, 7, NaN, 1]);
    expect(Array.from(b!.max)).toEqual([5, 7, NaN, 1]);
    expect(b!.min).toBeInstanceOf(Float32Array);
  });

  it('gives single rows when zoomed in, and stops at the last row', async () => {
    const answer = await handlers()['results:signals']({ runId: 'r1', signals: ['a'], rowStart: 5, rowEnd: 50, width: 100 });
    expect(answer).toMatchObject({ rowStart: 5, rowEnd: 7, bucketSize: 1 });
    expect(Array.from(answer.signals[0]!.max)).toEqual([5, 6]);
  });

  it('says which signals exist when asked for another', async () => {
    await expect(handlers()['results:signals']({ runId: 'r1', signals: ['pressure'], rowStart: 0, rowEnd: 7, width: 4 })).rejects.toThrow(
      /no signal named pressure/,
    );
  });
});

describe('results:rocPr', () => {
  // the test rows 2-5 are sklearn's example: labels 0 0 1 1, scores 0.1 0.4 0.35 0.8
  const scores = [0.9, 0.1, 0.1, 0.4, 0.35, 0.8];
  const labels = [1, 0, 0, 0, 1, 1];
  const testRows = [2, 3, 4, 5];

  it('draws ROC and PR over the test rows as sklearn does', async () => {
    const answer = await handlersFor({ scores, labels, testRows })['results:rocPr']({ runId: 'r1' });
    channels['results:rocPr'].response.parse(answer);
    expect(Array.from(answer.roc.fpr)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(Array.from(answer.roc.tpr)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(Array.from(answer.pr.recall)).toEqual([1, 1, 0.5, 0.5, 0]);
    expect(Array.from(answer.pr.precision, (p) => Number(p.toFixed(4)))).toEqual([0.5, 0.6667, 0.5, 1, 1]);
    expect(answer.positiveRate).toBe(0.5);
  });

  it('keeps about 1000 points of a long run, with the area the metric cards report', async () => {
    const n = 20_000;
    const long = Array.from({ length: n }, (_, i) => Math.fround(Math.sin(i * 12.9898) * 0.5 + 0.5 + (i % 97 === 0 ? 0.6 : 0)));
    const longLabels = long.map((_, i) => (i % 97 === 0 || i % 89 === 0 ? 1 : 0));
    const handlers = handlersFor({ scores: long, labels: longLabels });
    const { roc, pr } = await handlers['results:rocPr']({ runId: 'r1' });
    expect(roc.fpr.length).toBeLessThanOrEqual(1000);
    expect(pr.recall.length).toBeLessThanOrEqual(1000);
    let area = 0;
    for (let i = 1; i < roc.fpr.length; i++) area += ((roc.fpr[i]! - roc.fpr[i - 1]!) * (roc.tpr[i]! + roc.tpr[i - 1]!)) / 2;
    const { metrics } = (await handlers['results:get']({ runId: 'r1' })).threshold;
    expect(area).toBeCloseTo(metrics!.rocAuc!, 2);
  });

  it('says what is missing without labels, or without both classes among the test rows', async () => {
    await expect(handlersFor({ scores, labels: null, testRows })['results:rocPr']({ runId: 'r1' })).rejects.toThrow(/need labels/);
    await expect(handlersFor({ scores, labels, testRows: [1, 2, 3] })['results:rocPr']({ runId: 'r1' })).rejects.toThrow(/both labelled anomalies and normal rows/);
  });
});

describe('results:setThreshold with alarm post-rules', () => {
  // alarms above 0.5 at rows 1-2, 4, 9: runs [1,2] [4,4] [9,9]
  const scores = [0, 0.9, 0.8, 0, 0.7, 0, 0, 0, 0, 0.6];
  const spans = (events: { start: number; end: number }[]) => events.map((event) => [event.start, event.end]);

  it('merges events closer than the gap, keeps the rules for the next rule change, and checks N <= W', async () => {
    const handlers = handlersFor({ scores });
    const manual = { kind: 'manual', value: 0.5 } as const;
    const plain = await handlers['results:setThreshold']({ runId: 'r1', rule: manual });
    expect(spans(plain.events)).toEqual([[1, 2], [4, 4], [9, 9]]);
    expect(plain.alarms).toEqual({ mergeGap: 0, minAlarms: 1, window: 1 });

    const merged = await handlers['results:setThreshold']({ runId: 'r1', rule: manual, alarms: { mergeGap: 1, minAlarms: 1, window: 1 } });
    expect(spans(merged.events)).toEqual([[1, 4], [9, 9]]);
    expect(merged.events[0]).toMatchObject({ peakRow: 1, peakScore: Math.fround(0.9) });

    // a new rule without post-rules keeps the run's merge gap
    const lower = await handlers['results:setThreshold']({ runId: 'r1', rule: { kind: 'manual', value: 0.65 } });
    expect(spans(lower.events)).toEqual([[1, 4]]);

    // N = 2 alarms within W = 2 rows: only row 2 (rows 1 and 2) counts
    const confirmed = await handlers['results:setThreshold']({ runId: 'r1', rule: manual, alarms: { mergeGap: 0, minAlarms: 2, window: 2 } });
    expect(spans(confirmed.events)).toEqual([[2, 2]]);

    const request = channels['results:setThreshold'].request;
    expect(request.safeParse({ runId: 'r1', rule: manual, alarms: { mergeGap: 0, minAlarms: 3, window: 2 } }).success).toBe(false);
  });
});

describe('results:setThreshold on a run without training rows', () => {
  it('says a run scored without training scores learns no threshold from them, and takes a manual one', async () => {
    const runs = new RunStore();
    const scored = testRunRecord({ scores: [0.1, 0.9, 0.2] });
    scored.fitScores = new Float32Array(0);
    runs.add(scored);
    const handlers = resultsHandlers({ runs });
    await expect(handlers['results:setThreshold']({ runId: 'r1', rule: { kind: 'percentile', p: 99 } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/training rows' scores, which this run's model folder does not keep/),
    });
    const manual = await handlers['results:setThreshold']({ runId: 'r1', rule: { kind: 'manual', value: 0.5 } });
    expect(manual.events.map((event) => event.start)).toEqual([1]);
  });
});
