import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../shared/random';
import { heatmapBuckets } from './explain';
import { buildPyramid, pyramidHeatmap, queryPyramid, signalTotals, type PyramidStat } from './pyramid';

/** Squared-error-like data: mostly small, some exact zeros and ties, a few spikes. */
function randomE(n: number, d: number, seed: number): Float32Array {
  const u = mulberry32(seed);
  const E = new Float32Array(n * d);
  for (let i = 0; i < E.length; i++) {
    const x = u();
    E[i] = x < 0.05 ? 0 : x < 0.1 ? 1 : x > 0.995 ? 50 + 100 * u() : (u() - 0.5) ** 2 * 4;
  }
  return E;
}

/** Max (NaN skipped, like heatmapBuckets) or float64 mean of E over rows [from, to) per signal. */
function brute(E: Float32Array, d: number, from: number, to: number, signals: number[], stat: PyramidStat): number[] {
  return signals.map((s) => {
    let max = -Infinity;
    let sum = 0;
    for (let r = from; r < to; r++) {
      const e = E[r * d + s];
      if (e > max) max = e;
      sum += e;
    }
    return stat === 'max' ? max : sum / (to - from);
  });
}

/** float32-stored means: relative 1e-5 (about 20 levels of 2^-24 rounding, with room) */
const close = (actual: number, expected: number): boolean =>
  Math.abs(actual - expected) <= 1e-5 * Math.max(Math.abs(expected), 1e-3);

function expectClose(actual: number, expected: number, what: string): void {
  if (!close(actual, expected)) expect.fail(`${what}: ${actual} vs ${expected}`);
}

const sizes = [1, 2, 3, 5, 7, 16, 17, 100, 1023, 1025, 3001];

describe('buildPyramid', () => {
  it('keeps E as level 0 and halves the rows per level down to one row, skipping levels below firstLevel', () => {
    for (const firstLevel of [1, 2, 3, 4]) {
      for (const n of sizes) {
        const E = randomE(n, 3, n);
        const p = buildPyramid(E, n, 3, { firstLevel });
        expect(p.max[0]).toBe(E);
        expect(p.mean[0]).toBe(E);
        expect(p.max.length).toBe(p.mean.length);
        expect(p.max.length).toBe(n <= 1 ? 1 : Math.ceil(Math.log2(n)) + 1);
        for (let k = 1; k < p.max.length; k++) {
          const rows = k < p.firstLevel ? 0 : Math.ceil(n / 2 ** k);
          expect(p.max[k].length).toBe(rows * 3);
          expect(p.mean[k].length).toBe(rows * 3);
        }
        expect(p.firstLevel).toBe(Math.min(firstLevel, Math.max(1, p.max.length - 1)));
        if (n > 1) expect(p.max[p.max.length - 1].length).toBe(3);
      }
    }
  });

  it('stores per level row the max and the (ragged-end weighted) mean of the rows it covers', () => {
    const d = 4;
    const all = [0, 1, 2, 3];
    for (const n of sizes) {
      const E = randomE(n, d, 100 + n);
      const p = buildPyramid(E, n, d, { firstLevel: 1 + (n % 3) });
      for (let k = p.firstLevel; k < p.max.length; k++) {
        const rows = Math.ceil(n / 2 ** k);
        for (let i = 0; i < rows; i++) {
          const from = i * 2 ** k;
          const to = Math.min(from + 2 ** k, n);
          const max = brute(E, d, from, to, all, 'max');
          const mean = brute(E, d, from, to, all, 'mean');
          for (let s = 0; s < d; s++) {
            expect(p.max[k][i * d + s]).toBe(max[s]);
            expectClose(p.mean[k][i * d + s], mean[s], `n=${n} level ${k} row ${i} signal ${s}`);
          }
        }
      }
    }
  });

  it('rejects a matrix shorter than n x d and a bad firstLevel', () => {
    expect(() => buildPyramid(new Float32Array(5), 3, 2)).toThrow(/fewer/);
    expect(() => buildPyramid(new Float32Array(6), 3, 2, { firstLevel: 0 })).toThrow(/firstLevel/);
  });
});

describe('queryPyramid', () => {
  it('equals the brute force over each bucket, at the edges, wide and narrow, with subsets and orders', () => {
    const u = mulberry32(42);
    let checked = 0;
    for (const n of sizes) {
      for (const d of [1, 3, 7]) {
        const E = randomE(n, d, n * 31 + d);
        const p = buildPyramid(E, n, d, { firstLevel: 1 + ((n + d) % 4) });
        const ranges: Array<[number, number]> = [
          [0, n], // whole file
          [0, 1], // first row alone
          [n - 1, n], // last row alone
          [n, n], // empty
          [Math.floor(n / 3), n], // to the end (ragged top blocks)
          [0, Math.max(1, Math.floor(n / 2) + 1)],
        ];
        for (let t = 0; t < 8; t++) {
          const a = Math.floor(u() * n);
          ranges.push([a, a + 1 + Math.floor(u() * (n - a))]);
        }
        const signalSets: Array<number[] | undefined> = [
          undefined,
          Array.from({ length: d }, (_, s) => d - 1 - s), // reversed
          [d - 1], // one signal
          Array.from({ length: d }, (_, s) => s).filter((s) => s % 2 === 0).reverse(), // subset, reordered
        ];
        for (const [rowStart, rowEnd] of ranges) {
          for (const width of [1, 2, 3, 7, 64, n + 5, 4000]) {
            for (const stat of ['max', 'mean'] as const) {
              const signals = signalSets[Math.floor(u() * signalSets.length)];
              const order = signals ?? Array.from({ length: d }, (_, s) => s);
              const view = queryPyramid(p, { rowStart, rowEnd, width, signals, stat });
              // exact mode: the range and buckets are the requested ones, cut like heatmapBuckets
              const bucketRows = Math.max(1, Math.ceil((rowEnd - rowStart) / width));
              expect([view.rowStart, view.rowEnd, view.bucketRows]).toEqual([rowStart, rowEnd, bucketRows]);
              expect(view.buckets).toBe(Math.ceil((rowEnd - rowStart) / bucketRows));
              expect(view.buckets).toBeLessThanOrEqual(width);
              expect(Array.from(view.signals)).toEqual(order);
              expect(view.values.length).toBe(view.buckets * order.length);
              let maxValue = -Infinity;
              for (let b = 0; b < view.buckets; b++) {
                const from = view.rowStarts[b];
                const to = b + 1 < view.buckets ? view.rowStarts[b + 1] : view.rowEnd;
                if (from !== rowStart + b * bucketRows || to <= from) expect.fail(`bucket ${b} rows [${from},${to})`);
                const want = brute(E, d, from, to, order, stat);
                for (let j = 0; j < order.length; j++) {
                  const got = view.values[b * order.length + j];
                  // plain comparisons here (not expect) keep this ~100k-value sweep fast
                  if (stat === 'max' ? got !== want[j] : !close(got, want[j])) {
                    expect.fail(`${stat} n=${n} d=${d} [${from},${to}) signal ${order[j]}: ${got} vs ${want[j]}`);
                  }
                  maxValue = Math.max(maxValue, got);
                  checked++;
                }
              }
              expect(view.maxValue).toBe(view.buckets > 0 ? maxValue : 0);
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100_000);
  });

  it("align 'level' snaps to one level row per bucket and still equals the brute force", () => {
    const u = mulberry32(7);
    for (const n of [1, 5, 17, 1000, 1025, 3001]) {
      const d = 3;
      const E = randomE(n, d, n);
      const p = buildPyramid(E, n, d, { firstLevel: n % 2 ? 1 : 3 });
      for (let t = 0; t < 40; t++) {
        const rowStart = Math.floor(u() * n);
        const rowEnd = rowStart + 1 + Math.floor(u() * (n - rowStart));
        const width = 1 + Math.floor(u() * 300);
        for (const stat of ['max', 'mean'] as const) {
          const view = queryPyramid(p, { rowStart, rowEnd, width, stat, align: 'level' });
          const k = Math.log2(view.bucketRows);
          expect(Number.isInteger(k)).toBe(true);
          expect(view.bucketRows).toBeGreaterThanOrEqual(Math.ceil((rowEnd - rowStart) / width));
          expect(view.rowStart).toBeLessThanOrEqual(rowStart);
          expect(view.rowEnd).toBeGreaterThanOrEqual(rowEnd);
          expect(view.rowStart % view.bucketRows).toBe(0);
          expect(view.buckets).toBeLessThanOrEqual(width + 2);
          for (let b = 0; b < view.buckets; b++) {
            const from = view.rowStarts[b];
            const to = Math.min(from + view.bucketRows, view.rowEnd);
            const want = brute(E, d, from, to, [0, 1, 2], stat);
            // one stored level-k row per bucket: the value is that row itself
            const stored = (stat === 'max' ? p.max : p.mean)[Math.min(k, p.max.length - 1)];
            for (let s = 0; s < d; s++) {
              const got = view.values[b * d + s];
              if (stored.length > 0) expect(got).toBe(stored[(from / view.bucketRows) * d + s]);
              if (stat === 'max') expect(got).toBe(want[s]);
              else expectClose(got, want[s], `level n=${n} [${from},${to})`);
            }
          }
        }
      }
    }
  });

  it('clamps out-of-range and fractional rows like heatmapBuckets', () => {
    const E = randomE(10, 2, 1);
    const p = buildPyramid(E, 10, 2);
    const view = queryPyramid(p, { rowStart: -5, rowEnd: 99, width: 3, stat: 'max' });
    expect([view.rowStart, view.rowEnd, view.bucketRows, view.buckets]).toEqual([0, 10, 4, 3]);
    const frac = queryPyramid(p, { rowStart: 2.5, rowEnd: 6.2, width: 10, stat: 'max' });
    expect([frac.rowStart, frac.rowEnd]).toEqual([2, 7]);
    expect(() => queryPyramid(p, { rowStart: 0, rowEnd: 10, width: 3, stat: 'max', signals: [2] })).toThrow(/outside/);
  });

  it('writes into a given out buffer when it is large enough', () => {
    const E = randomE(100, 3, 2);
    const p = buildPyramid(E, 100, 3);
    const out = new Float32Array(1000);
    const view = queryPyramid(p, { rowStart: 5, rowEnd: 95, width: 7, stat: 'mean', out });
    expect(view.values.buffer).toBe(out.buffer);
    expect(Array.from(view.values)).toEqual(Array.from(queryPyramid(p, { rowStart: 5, rowEnd: 95, width: 7, stat: 'mean' }).values));
    const small = queryPyramid(p, { rowStart: 0, rowEnd: 100, width: 100, stat: 'max', out: new Float32Array(4) });
    expect(small.values.length).toBe(300);
  });

  it('skips NaN in max like the brute force', () => {
    const E = new Float32Array([NaN, 1, 2, NaN, NaN, NaN, 0.5, 3, NaN, 4]);
    const p = buildPyramid(E, 5, 2);
    const view = queryPyramid(p, { rowStart: 0, rowEnd: 5, width: 2, stat: 'max' });
    const ref = heatmapBuckets({ E, nRows: 5, nSignals: 2, signals: ['a', 'b'], rowStart: 0, rowEnd: 5, width: 2, sortByError: false });
    expect(view.values).toEqual(ref.values);
    const lone = queryPyramid(p, { rowStart: 2, rowEnd: 3, width: 1, stat: 'max' });
    expect(Array.from(lone.values)).toEqual([-Infinity, -Infinity]);
  });
});

describe('pyramidHeatmap', () => {
  it('answers results:heatmap exactly like heatmapBuckets, sorted or not', () => {
    const u = mulberry32(3);
    for (const [n, d] of [[1, 1], [2, 5], [1025, 6], [3001, 9], [5000, 40]] as const) {
      const E = randomE(n, d, n + d);
      const names = Array.from({ length: d }, (_, s) => `s${s}`);
      const p = buildPyramid(E, n, d);
      for (let t = 0; t < 30; t++) {
        const rowStart = Math.floor(u() * n);
        const rowEnd = t === 0 ? n : rowStart + 1 + Math.floor(u() * (n - rowStart));
        const width = 1 + Math.floor(u() * 500);
        for (const sortByError of [false, true]) {
          const args = { rowStart, rowEnd, width, sortByError };
          const ref = heatmapBuckets({ E, nRows: n, nSignals: d, signals: names, ...args });
          expect(pyramidHeatmap(p, names, args)).toEqual(ref);
        }
      }
    }
  });

  it('signalTotals sums each signal over the range (prefix groups and edges)', () => {
    const n = 5000;
    const d = 4;
    const E = randomE(n, d, 9);
    const p = buildPyramid(E, n, d);
    for (const [a, b] of [[0, n], [13, 500], [4999, 5000], [5, 5], [0, 1024], [1024, 2048], [1000, 4100], [1023, 4097], [2000, n]]) {
      const mean = brute(E, d, a, b, [0, 1, 2, 3], 'mean');
      const totals = signalTotals(p, a, b);
      for (let s = 0; s < d; s++) expectClose(totals[s], b > a ? mean[s] * (b - a) : 0, `totals [${a},${b}) ${s}`);
    }
  });
});
