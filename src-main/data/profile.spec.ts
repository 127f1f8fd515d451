import { describe, expect, it } from 'vitest';
import { exactDistinctCap, profileColumn, profileTable } from './profile';

describe('profileColumn', () => {
  it('gives known answers on a strided column with missing values', () => {
    // column 1 of a 3-wide row-major block: 2, 4, 4, 4, 5, 5, 7, 9 plus NaN and Inf
    const col = [2, 4, 4, 4, 5, 5, 7, 9, NaN, Infinity];
    const block = new Float32Array(col.length * 3).fill(99);
    col.forEach((v, i) => (block[i * 3 + 1] = v));
    const p = profileColumn(block, 3, 1, col.length);
    expect(p).toEqual({
      count: 8,
      missing: 2,
      min: 2,
      max: 9,
      mean: 5,
      std: 2,
      distinct: 5,
      constant: false,
      histogram: [1, 0, 0, 0, 3, 0, 2, 0, 0, 0, 0, 1, 0, 0, 0, 1],
    });
  });

  it('constant and empty columns', () => {
    expect(profileColumn(new Float32Array([3, 3, 3]), 1, 0, 3)).toMatchObject({ constant: true, std: 0, distinct: 1, histogram: [3, ...new Array(15).fill(0)] });
    expect(profileColumn(new Float32Array([NaN, NaN]), 1, 0, 2)).toEqual({
      count: 0, missing: 2, min: null, max: null, mean: null, std: null, distinct: 0, constant: false, histogram: [],
    });
  });

  it('estimates distinct counts beyond the exact cap within 5%', () => {
    const n = 300_000;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = (i % 200_000) * 0.25;
    const p = profileColumn(values, 1, 0, n);
    expect(200_000).toBeGreaterThan(exactDistinctCap);
    expect(Math.abs(p.distinct! - 200_000) / 200_000).toBeLessThan(0.05);
    expect(p.histogram.reduce((a, b) => a + b, 0)).toBe(n);
  });

  it('profileTable covers numeric columns and the time column', () => {
    const profiles = profileTable({
      n: 2, numericColumns: ['a', 'b'], values: new Float32Array([1, 10, 3, 20]), timeColumn: 't', timeKind: 'number',
      times: new Float64Array([100, 200]), textColumns: [],
    });
    expect([...profiles.keys()]).toEqual(['a', 'b', 't']);
    expect(profiles.get('b')).toMatchObject({ mean: 15, min: 10, max: 20 });
    expect(profiles.get('t')).toMatchObject({ mean: 150 });
  });
});

describe('profileTable on a large table', () => {
  it('keeps exact range, mean and std, and samples only the histogram shape and the distinct count', () => {
    const n = 300_000;
    const values = new Float32Array(n * 2);
    for (let r = 0; r < n; r++) {
      values[r * 2] = r % 7; // seven levels
      values[r * 2 + 1] = r === 5 ? NaN : r / 1000; // a continuous ramp with one gap
    }
    const times = Float64Array.from({ length: n }, (_, r) => 1_700_000_000_000 + r * 60_000);
    const profiles = profileTable({ n, numericColumns: ['level', 'ramp'], values, timeColumn: 'time', timeKind: 'timestamp', times, textColumns: [] });
    const level = profiles.get('level')!;
    expect(level).toMatchObject({ count: n, missing: 0, min: 0, max: 6, distinct: 7, constant: false });
    expect(level.mean!).toBeCloseTo(3, 2);
    const ramp = profiles.get('ramp')!;
    expect(ramp).toMatchObject({ count: n - 1, missing: 1, min: 0 });
    expect(ramp.max!).toBeCloseTo((n - 1) / 1000, 3);
    expect(ramp.std!).toBeCloseTo((n / 1000) / Math.sqrt(12), 1);
    expect(Math.abs(ramp.distinct! - (n - 1)) / n).toBeLessThan(0.05);
    const binned = ramp.histogram.reduce((a, b) => a + b, 0);
    expect(Math.abs(binned - (n - 1))).toBeLessThanOrEqual(16);
    expect(profiles.get('time')).toMatchObject({ count: n, min: times[0], max: times[n - 1] });
  });
});
