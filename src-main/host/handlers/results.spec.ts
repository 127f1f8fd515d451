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
