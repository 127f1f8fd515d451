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
