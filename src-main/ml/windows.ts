import type { ModelWindow } from '../../shared/domain/model-config';
import type { Tf } from './backend';
import type { Matrix } from './matrix';

type Tensor = import('@tensorflow/tfjs').Tensor;

/** Windows of `length` rows, `stride` apart, that fit entirely in n rows (0 when n < length). Models gather them batch by batch (gatherWindows), never as an n x length x d copy. */
export function windowCount(n: number, length: number, stride: number): number {
  return n < length ? 0 : Math.floor((n - length) / stride) + 1;
}

/** The [count, length, d] tensor of the windows starting at the given rows. */
export function gatherWindows(tf: Tf, X: Matrix, startRows: ArrayLike<number>, length: number): Tensor {
  const size = length * X.d;
  const out = new Float32Array(startRows.length * size);
  for (let i = 0; i < startRows.length; i++) {
    const from = startRows[i]! * X.d;
    out.set(X.data.subarray(from, from + size), i * size);
  }
  return tf.tensor3d(out, [startRows.length, length, X.d]);
}

/** Row index where window `index` starts, for windows `stride` apart. */
export function windowStarts(indices: ArrayLike<number>, stride: number): Int32Array {
  return Int32Array.from(indices as ArrayLike<number>, (index) => index * stride);
}

export function requireRows(X: Matrix, window: ModelWindow): void {
  if (X.n < window.length) {
    throw new Error(`windows of ${window.length} rows need at least ${window.length} rows, got ${X.n}`);
  }
}

/**
 * Per-row per-signal values from per-window per-step values, for windows sliding by one row.
 * `windowValues(first, count)` returns [count, length, d] values of windows first..first+count-1.
 * 'last': a row takes the value of the window that ends on it; 'mean': the mean over every window
 * covering it. The first length-1 rows end no window; under 'last' they take the first window's
 * value at their own step, so every row has a score.
 */
export function attributeWindows(
  n: number,
  d: number,
  window: Pick<ModelWindow, 'length' | 'attribution'>,
  windowValues: (first: number, count: number) => Float32Array,
  sliceWindows = 512,
): Matrix {
  const length = window.length;
  if (n < length) throw new Error(`windows of ${length} rows need at least ${length} rows, got ${n}`);
  const windows = windowCount(n, length, 1);
  const out = new Float32Array(n * d);
  const covered = window.attribution === 'mean' ? new Uint32Array(n) : null;
  for (let first = 0; first < windows; first += sliceWindows) {
    const count = Math.min(sliceWindows, windows - first);
    const values = windowValues(first, count);
    for (let w = 0; w < count; w++) {
      const start = first + w;
      const base = w * length * d;
      if (covered) {
        for (let step = 0; step < length; step++) {
          const row = start + step;
          covered[row]!++;
          for (let c = 0; c < d; c++) out[row * d + c] += values[base + step * d + c]!;
        }
      } else {
        const lastStep = base + (length - 1) * d;
        out.set(values.subarray(lastStep, lastStep + d), (start + length - 1) * d);
        if (start === 0) out.set(values.subarray(base, base + (length - 1) * d), 0);
      }
    }
  }
  if (covered) {
    for (let row = 0; row < n; row++) for (let c = 0; c < d; c++) out[row * d + c] /= covered[row]!;
  }
  return { data: out, n, d };
}

/** Per-row scores from one score per window (classifiers), by the same rule as attributeWindows. */
export function attributeWindowScores(n: number, window: Pick<ModelWindow, 'length' | 'attribution'>, scores: Float32Array): Float32Array {
  const length = window.length;
  const expanded = attributeWindows(n, 1, window, (first, count) => {
    const values = new Float32Array(count * length);
    for (let w = 0; w < count; w++) values.fill(scores[first + w]!, w * length, (w + 1) * length);
    return values;
  });
  return expanded.data;
}
