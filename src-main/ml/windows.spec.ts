import { describe, expect, it } from 'vitest';
import { attributeWindows, attributeWindowScores, windowCount, windowStarts } from './windows';

/**
 * Window w (starting at row w) holds 100*w + 10*step + signal at each step, so every attributed
 * value names the window and step it came from.
 */
function labelledValues(length: number, d: number) {
  const calls: [number, number][] = [];
  const windowValues = (first: number, count: number) => {
    calls.push([first, count]);
    const values = new Float32Array(count * length * d);
    for (let w = 0; w < count; w++) {
      for (let step = 0; step < length; step++) {
        for (let c = 0; c < d; c++) values[(w * length + step) * d + c] = 100 * (first + w) + 10 * step + c;
      }
    }
    return values;
  };
  return { windowValues, calls };
}

describe('windowCount and windowStarts', () => {
  it('counts only windows that fit entirely', () => {
    expect(windowCount(5, 3, 1)).toBe(3);
    expect(windowCount(10, 3, 3)).toBe(3); // starts 0, 3, 6; a start at 9 would run past row 9
    expect(windowCount(2, 3, 1)).toBe(0);
    expect(Array.from(windowStarts([0, 2, 3], 4))).toEqual([0, 8, 12]);
  });
});

describe('attributeWindows', () => {
  // 5 rows, 2 signals, windows of 3 rows sliding by one: windows start at rows 0, 1 and 2
  const n = 5;
  const d = 2;
  const length = 3;

  it("'last' gives each row the window ending on it, and the first rows the first window's own steps", () => {
    const { windowValues } = labelledValues(length, d);
    const out = attributeWindows(n, d, { length, attribution: 'last' }, windowValues);
    expect(Array.from(out.data)).toEqual([
      0, 1, // row 0: window 0, step 0
      10, 11, // row 1: window 0, step 1
      20, 21, // row 2: window 0 ends here (step 2)
      120, 121, // row 3: window 1, step 2
      220, 221, // row 4: window 2, step 2
    ]);
    expect([out.n, out.d]).toEqual([n, d]);
  });

  it("'mean' averages every window covering a row", () => {
    const { windowValues } = labelledValues(length, d);
    const out = attributeWindows(n, d, { length, attribution: 'mean' }, windowValues);
    const signal0 = [
      0, // row 0: only window 0 step 0
      (10 + 100) / 2, // row 1: w0 s1, w1 s0
      (20 + 110 + 200) / 3, // row 2: w0 s2, w1 s1, w2 s0
      (120 + 210) / 2, // row 3: w1 s2, w2 s1
      220, // row 4: w2 s2
    ];
    for (let row = 0; row < n; row++) {
      expect(out.data[row * d]).toBeCloseTo(signal0[row]!, 4);
      expect(out.data[row * d + 1]).toBeCloseTo(signal0[row]! + 1, 4);
    }
  });

  it('gives the same result whatever the slice size, asking for each window once', () => {
    for (const attribution of ['last', 'mean'] as const) {
      const whole = attributeWindows(n, d, { length, attribution }, labelledValues(length, d).windowValues);
      const sliced = labelledValues(length, d);
      const out = attributeWindows(n, d, { length, attribution }, sliced.windowValues, 2);
      expect(sliced.calls).toEqual([
        [0, 2],
        [2, 1],
      ]);
      expect(Array.from(out.data)).toEqual(Array.from(whole.data));
    }
  });

  it('spreads a single window over all its rows under both rules', () => {
    const { windowValues } = labelledValues(length, 1);
    const expected = [0, 10, 20];
    expect(Array.from(attributeWindows(3, 1, { length, attribution: 'last' }, windowValues).data)).toEqual(expected);
    expect(Array.from(attributeWindows(3, 1, { length, attribution: 'mean' }, windowValues).data)).toEqual(expected);
  });
});

describe('attributeWindowScores', () => {
  // windows of 3 over 5 rows score 1, 2 and 4
  const scores = Float32Array.from([1, 2, 4]);

  it("'last': each row takes the window ending on it, the first rows the first window's score", () => {
    expect(Array.from(attributeWindowScores(5, { length: 3, attribution: 'last' }, scores))).toEqual([1, 1, 1, 2, 4]);
  });

  it("'mean': each row averages the windows covering it", () => {
    const out = Array.from(attributeWindowScores(5, { length: 3, attribution: 'mean' }, scores));
    const expected = [1, (1 + 2) / 2, (1 + 2 + 4) / 3, (2 + 4) / 2, 4];
    out.forEach((value, row) => expect(value).toBeCloseTo(expected[row]!, 6));
  });
});
