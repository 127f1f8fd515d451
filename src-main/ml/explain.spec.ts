import { describe, it, expect } from 'vitest';
import { mulberry32 } from '../../shared/random';
import { heatmapBuckets, signalContributions, signalMeanErrors } from './explain';

const rng = mulberry32;

// E: 4 rows x 2 signals
const E = Float32Array.from([1, 0, 1, 1, 3, 1, 0, 0]);
const X = Float32Array.from([10, 20, 11, 21, 13, 23, 0, 0]);

describe('signalMeanErrors', () => {
  it('averages each signal over the rows', () => {
    expect(Array.from(signalMeanErrors(E, 2, 0, 4))).toEqual([5 / 4, 2 / 4]);
    expect(Array.from(signalMeanErrors(E, 2, 1, 3))).toEqual([2, 1]);
    expect(Array.from(signalMeanErrors(E, 2, 3, 3))).toEqual([0, 0]);
  });
});

describe('signalContributions', () => {
  const base = { E, nSignals: 2, signals: ['a', 'b'], typicalError: Float64Array.from([1, 0.5]) };

  it('shares, normalised error and raw means (by hand)', () => {
    // event rows 1..2: a peaks at 3, b at 1 -> shares 3/4, 1/4; means 2 and 1; normalised peaks 3/1, 1/0.5
    // raw during: a (11+13)/2, b (21+23)/2; before: lookback max(2,10) = 10 rows, only row 0 exists
    const c = signalContributions({ ...base, X, event: { start: 1, end: 2 } });
    expect(c.map((x) => x.signal)).toEqual(['a', 'b']);
    expect(c[0]).toEqual({ signal: 'a', share: 3 / 4, peakError: 3, meanError: 2, normalisedError: 3, meanBefore: 10, meanDuring: 12 });
    expect(c[1]).toEqual({ signal: 'b', share: 1 / 4, peakError: 1, meanError: 1, normalisedError: 2, meanBefore: 20, meanDuring: 22 });
  });

  it('ranks a signal that breaks briefly above one that is a little off all along (peak pooling)', () => {
    // 4 event rows: a = 0, 9, 0, 0 (mean 2.25, peak 9); b = 3 each row (mean 3, peak 3)
    const spike = Float32Array.from([0, 3, 9, 3, 0, 3, 0, 3]);
    const c = signalContributions({ ...base, E: spike, X: null, event: { start: 0, end: 3 } });
    expect(c.map((x) => x.signal)).toEqual(['a', 'b']);
    expect(c[0]!.share).toBeCloseTo(9 / 12, 12);
    expect(c[1]!.meanError).toBeGreaterThan(c[0]!.meanError);
  });

  it('sorts by share descending', () => {
    const c = signalContributions({ ...base, X, event: { start: 3, end: 3 }, typicalError: Float64Array.from([0, 0]) });
    expect(c.every((x) => x.share === 0)).toBe(true); // no error at all in this row
    const d = signalContributions({
      ...base,
      E: Float32Array.from([0, 5, 1, 2]),
      X: null,
      event: { start: 0, end: 1 },
    });
    expect(d.map((x) => x.signal)).toEqual(['b', 'a']);
  });

  it('uses the lookback window and gives null before row 0, zeros without X', () => {
    const c = signalContributions({ ...base, X, event: { start: 2, end: 2 }, lookback: 1 });
    expect(c.find((x) => x.signal === 'a')?.meanBefore).toBe(11);
    const atZero = signalContributions({ ...base, X, event: { start: 0, end: 1 } });
    expect(atZero.every((x) => x.meanBefore === null)).toBe(true);
    const noX = signalContributions({ ...base, X: null, event: { start: 1, end: 2 } });
    expect(noX.every((x) => x.meanBefore === null && x.meanDuring === 0)).toBe(true);
  });

  it('guards a zero typical error and shares sum to 1 on random data', () => {
    const r = rng(7);
    const nRows = 50, nSignals = 6;
    const big = Float32Array.from({ length: nRows * nSignals }, () => r() ** 3);
    const c = signalContributions({
      E: big,
      X: null,
      nSignals,
      signals: ['s0', 's1', 's2', 's3', 's4', 's5'],
      event: { start: 10, end: 29 },
      typicalError: Float64Array.from([0, 1, 1, 1, 1, 1]),
    });
    expect(c.reduce((acc, x) => acc + x.share, 0)).toBeCloseTo(1, 12);
    expect(c.every((x) => Number.isFinite(x.normalisedError))).toBe(true);
    for (let i = 1; i < c.length; i++) expect(c[i - 1].share).toBeGreaterThanOrEqual(c[i].share);
  });
});

describe('heatmapBuckets', () => {
  /** Straightforward reference: bucket b covers rows [start + b*size, start + (b+1)*size). */
  function reference(E: Float32Array, nRows: number, nSignals: number, start: number, end: number, width: number, sort: boolean) {
    const size = Math.ceil((end - start) / width);
    const totals = Array.from({ length: nSignals }, (_, s) => {
      let t = 0;
      for (let r = start; r < end; r++) t += E[r * nSignals + s];
      return t;
    });
    const order = [...totals.keys()];
    if (sort) order.sort((a, b) => totals[b] - totals[a] || a - b);
    const values: number[] = [];
    for (let b0 = start; b0 < end; b0 += size) {
      for (const s of order) {
        let m = -Infinity;
        for (let r = b0; r < Math.min(b0 + size, end); r++) m = Math.max(m, E[r * nSignals + s]);
        values.push(m);
      }
    }
    return { size, order, values, maxValue: Math.max(...values) };
  }

  it('matches a brute-force reference on random data', () => {
    const r = rng(42);
    const nRows = 997, nSignals = 7;
    const E = Float32Array.from({ length: nRows * nSignals }, () => r() * r());
    const signals = Array.from({ length: nSignals }, (_, s) => `s${s}`);
    for (const [start, end, width] of [[0, 997, 100], [13, 500, 37], [100, 105, 400], [0, 997, 1], [996, 997, 10]]) {
      for (const sortByError of [false, true]) {
        const h = heatmapBuckets({ E, nRows, nSignals, signals, rowStart: start, rowEnd: end, width, sortByError });
        const ref = reference(E, nRows, nSignals, start, end, width, sortByError);
        expect(h.bucketSize).toBe(ref.size);
        expect(h.signals).toEqual(ref.order.map((s) => signals[s]));
        expect(Array.from(h.values)).toEqual(ref.values);
        expect(h.maxValue).toBe(ref.maxValue);
        expect(h.values.length).toBe(Math.ceil((end - start) / ref.size) * nSignals);
        expect(h.values.length / nSignals).toBeLessThanOrEqual(width);
      }
    }
  });

  it('keeps a single-row spike visible and orders signals by total error', () => {
    // 6 rows x 2 signals; signal b has a lone spike at row 4, a has more total error
    const E = Float32Array.from([1, 0, 1, 0, 1, 0, 1, 0, 1, 3, 1, 0]);
    const h = heatmapBuckets({ E, nRows: 6, nSignals: 2, signals: ['a', 'b'], rowStart: 0, rowEnd: 6, width: 2, sortByError: true });
    expect(h).toEqual({ rowStart: 0, rowEnd: 6, bucketSize: 3, signals: ['a', 'b'], values: Float32Array.from([1, 0, 1, 3]), maxValue: 3 });
    const h2 = heatmapBuckets({ E, nRows: 6, nSignals: 2, signals: ['a', 'b'], rowStart: 3, rowEnd: 6, width: 10, sortByError: true });
    // rows 3..5: a totals 3, b totals 3 -> tie keeps column order
    expect(h2).toEqual({ rowStart: 3, rowEnd: 6, bucketSize: 1, signals: ['a', 'b'], values: Float32Array.from([1, 0, 1, 3, 1, 0]), maxValue: 3 });
  });

  it('clamps the range to the matrix', () => {
    const E = Float32Array.from([1, 2, 3, 4]);
    const h = heatmapBuckets({ E, nRows: 4, nSignals: 1, signals: ['a'], rowStart: 2, rowEnd: 99, width: 10, sortByError: false });
    expect(h).toEqual({ rowStart: 2, rowEnd: 4, bucketSize: 1, signals: ['a'], values: Float32Array.from([3, 4]), maxValue: 4 });
    const empty = heatmapBuckets({ E, nRows: 4, nSignals: 1, signals: ['a'], rowStart: 9, rowEnd: 12, width: 10, sortByError: false });
    expect(empty).toMatchObject({ rowStart: 4, rowEnd: 4, values: new Float32Array(0), maxValue: 0 });
  });
});
