import { describe, expect, it } from 'vitest';
import { windowBatches, windowCount } from './windows';

/** The obvious N x T x d copy, only for checking on small cases. */
function naiveWindows(X: Float32Array, n: number, d: number, length: number, stride: number): number[][][] {
  const windows: number[][][] = [];
  for (let s = 0; s + length <= n; s += stride) {
    const w: number[][] = [];
    for (let t = 0; t < length; t++) w.push(Array.from(X.subarray((s + t) * d, (s + t + 1) * d)));
    windows.push(w);
  }
  return windows;
}

function matrix(n: number, d: number): Float32Array {
  return Float32Array.from({ length: n * d }, (_, k) => Math.floor(k / d) * 10 + (k % d));
}

describe('windows', () => {
  it('counts windows that fit', () => {
    expect(windowCount(10, { length: 3, stride: 1 })).toBe(8);
    expect(windowCount(10, { length: 3, stride: 3 })).toBe(3);
    expect(windowCount(10, { length: 3, stride: 4 })).toBe(2);
    expect(windowCount(10, { length: 10, stride: 7 })).toBe(1);
    expect(windowCount(2, { length: 3, stride: 1 })).toBe(0);
    expect(windowCount(0, { length: 2, stride: 1 })).toBe(0);
  });

  it('gives rows [w*stride, w*stride+length) of the matrix, row-major [count, length, d]', () => {
    const X = matrix(5, 2);
    const batches = [...windowBatches(X, 5, 2, { length: 2, stride: 2 }, 10)];
    expect(batches).toHaveLength(1);
    expect(batches[0].start).toBe(0);
    expect(batches[0].count).toBe(2);
    expect(Array.from(batches[0].data)).toEqual([0, 1, 10, 11, 20, 21, 30, 31]);
  });

  it('matches a naive reference for every length, stride and batch size on small cases', () => {
    for (const [n, d] of [[0, 2], [1, 1], [7, 1], [12, 3], [13, 2]]) {
      const X = matrix(n, d);
      for (const length of [2, 3, 5, 13, 20]) {
        for (const stride of [1, 2, 3, 7]) {
          const expected = naiveWindows(X, n, d, length, stride);
          for (const batchSize of [1, 2, 3, 5, 64]) {
            const got: number[][][] = [];
            let nextStart = 0;
            for (const batch of windowBatches(X, n, d, { length, stride }, batchSize)) {
              expect(batch.start).toBe(nextStart);
              expect(batch.count).toBeGreaterThan(0);
              expect(batch.count).toBeLessThanOrEqual(batchSize);
              expect(batch.data.length).toBe(batch.count * length * d);
              nextStart += batch.count;
              for (let w = 0; w < batch.count; w++) {
                const win: number[][] = [];
                for (let t = 0; t < length; t++) win.push(Array.from(batch.data.subarray((w * length + t) * d, (w * length + t + 1) * d)));
                got.push(win);
              }
            }
            expect(got, `n=${n} d=${d} T=${length} stride=${stride} batch=${batchSize}`).toEqual(expected);
            expect(got.length).toBe(windowCount(n, { length, stride }));
          }
        }
      }
    }
  });

  it('makes each batch fresh and never writes to the matrix', () => {
    const X = matrix(6, 1);
    const before = X.slice();
    const batches = [...windowBatches(X, 6, 1, { length: 3, stride: 1 }, 2)];
    expect(batches.map((b) => b.count)).toEqual([2, 2]);
    batches[0].data[0] = 999;
    expect(Array.from(X)).toEqual(Array.from(before));
    expect(batches[0].data.buffer).not.toBe(X.buffer);
  });

  it('is lazy: a huge window count costs one batch at a time', () => {
    const n = 200_000;
    const X = new Float32Array(n * 4);
    const it = windowBatches(X, n, 4, { length: 100, stride: 1 }, 32);
    const first = it.next();
    expect(first.done).toBe(false);
    expect(first.value!.data.length).toBe(32 * 100 * 4);
  });

  it('refuses a batch size below 1', () => {
    expect(() => [...windowBatches(matrix(4, 1), 4, 1, { length: 2, stride: 1 }, 0)]).toThrow(/batch size/);
  });
});
