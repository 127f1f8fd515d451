import type { WindowSpec } from '../../shared/domain/data-prep';

/** Windows of `length` rows starting at 0, `stride` apart, that fit entirely in n rows (0 when n < length). */
export function windowCount(n: number, spec: WindowSpec): number {
  if (n < spec.length) return 0;
  return Math.floor((n - spec.length) / spec.stride) + 1;
}

/**
 * Sliding windows over a row-major n x d matrix, batch by batch: each batch holds up to `batchSize`
 * windows as a [count, length, d] row-major Float32Array made for that batch only, so memory stays
 * at one batch whatever n is (never an N x T x d copy). `start` is the index of the batch's first window;
 * window w covers rows [w * stride, w * stride + length).
 */
export function* windowBatches(
  X: Float32Array,
  n: number,
  d: number,
  spec: WindowSpec,
  batchSize: number,
): Generator<{ start: number; count: number; data: Float32Array }> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
  if (X.length < n * d) throw new RangeError(`matrix holds ${X.length} values, expected ${n} x ${d}`);
  const total = windowCount(n, spec);
  const windowValues = spec.length * d;
  for (let start = 0; start < total; start += batchSize) {
    const count = Math.min(batchSize, total - start);
    const data = new Float32Array(count * windowValues);
    for (let w = 0; w < count; w++) {
      const from = (start + w) * spec.stride * d;
      data.set(X.subarray(from, from + windowValues), w * windowValues);
    }
    yield { start, count, data };
  }
}
