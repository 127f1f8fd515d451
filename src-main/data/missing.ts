import type { MissingPolicy } from '../../shared/domain/data-prep';
import { AppError } from '../../shared/errors';
import { errorCodes } from '../../shared/ipc/contract';

/** The matrix after the missing-value policy: row-major n x d, no NaN left. */
export interface PreparedMatrix {
  X: Float32Array;
  n: number;
  d: number;
  /** for drop-rows: the source row of each kept row (ascending); null when rows map one to one */
  rowIds: Uint32Array | null;
  /** cells that were filled (forward-fill, mean-fill) */
  filledCells: number;
  /** rows that had at least one missing cell (filled, or dropped by drop-rows) */
  affectedRows: number;
}

/**
 * Applies a missing-value policy to a row-major n x d matrix where NaN marks a missing cell (the
 * readers map empty cells, NaN and +/-Inf to NaN).
 *
 * - forward-fill: a gap takes the last value above it; a leading gap takes the column's first value.
 * - drop-rows: rows with any missing cell are removed; `rowIds` names the kept source rows.
 * - mean-fill: a gap takes its column's mean over `fitRows` (the training rows; required), NaN ignored.
 * - fail: the first missing cell (row by row) is an error naming file, 1-based data row and column.
 *
 * A column with no value at all is an error under every policy. When nothing is missing, the input
 * matrix itself is returned (no copy); otherwise the input is never modified.
 */
export function applyMissingPolicy(
  X: Float32Array,
  n: number,
  d: number,
  signals: string[],
  policy: MissingPolicy,
  fitRows: ArrayLike<number> | null,
  file: string,
): PreparedMatrix {
  if (X.length < n * d) throw new RangeError(`matrix holds ${X.length} values, expected ${n} x ${d}`);
  if (signals.length !== d) throw new RangeError(`${signals.length} signal names for ${d} columns`);

  const missingPerColumn = new Float64Array(d);
  let affectedRows = 0;
  let filledCells = 0;
  let first = -1;
  for (let i = 0; i < n; i++) {
    let rowMissing = false;
    const base = i * d;
    for (let j = 0; j < d; j++) {
      if (Number.isNaN(X[base + j])) {
        missingPerColumn[j]++;
        filledCells++;
        if (first < 0) first = base + j;
        rowMissing = true;
      }
    }
    if (rowMissing) affectedRows++;
  }
  if (n > 0) {
    for (let j = 0; j < d; j++) {
      if (missingPerColumn[j] === n) {
        throw new AppError(
          errorCodes.importFailed,
          `${file}: column "${signals[j]}" has no values (every row is empty, NaN or infinite): set its role to ignore.`,
          { file, column: signals[j] },
        );
      }
    }
  }
  if (filledCells === 0) return { X, n, d, rowIds: null, filledCells: 0, affectedRows: 0 };

  switch (policy) {
    case 'fail': {
      const row = Math.floor(first / d);
      const column = signals[first % d];
      throw new AppError(
        errorCodes.importFailed,
        `${file}: data row ${row + 1}, column "${column}" is missing: expected a number; choose another missing-value policy.`,
        { file, row: row + 1, column, expected: 'a number' },
      );
    }
    case 'forward-fill':
      return { X: forwardFill(X, n, d), n, d, rowIds: null, filledCells, affectedRows };
    case 'mean-fill': {
      if (!fitRows) throw new RangeError('mean-fill needs the training rows to compute column means');
      return { X: meanFill(X, n, d, signals, fitRows, file), n, d, rowIds: null, filledCells, affectedRows };
    }
    case 'drop-rows':
      return dropRows(X, n, d, affectedRows, file);
  }
}

function forwardFill(X: Float32Array, n: number, d: number): Float32Array {
  const out = X.slice(0, n * d);
  for (let j = 0; j < d; j++) {
    let i0 = 0;
    while (Number.isNaN(out[i0 * d + j])) i0++;
    let last = out[i0 * d + j];
    for (let i = 0; i < i0; i++) out[i * d + j] = last;
    for (let i = i0 + 1; i < n; i++) {
      const k = i * d + j;
      if (Number.isNaN(out[k])) out[k] = last;
      else last = out[k];
    }
  }
  return out;
}

function meanFill(X: Float32Array, n: number, d: number, signals: string[], fitRows: ArrayLike<number>, file: string): Float32Array {
  const means = columnMeans(X, d, fitRows);
  const empty = means.findIndex((mean) => Number.isNaN(mean));
  if (empty >= 0) {
    throw new AppError(
      errorCodes.importFailed,
      `${file}: column "${signals[empty]}" has no values in the training rows, so it has no mean: choose forward fill, or set its role to ignore.`,
      { file, column: signals[empty] },
    );
  }
  return fillWithMeans(X, n, d, means);
}

/** Each column's mean over `rows`, missing cells left out; NaN for a column with no value there. */
export function columnMeans(X: Float32Array, d: number, rows: ArrayLike<number>): Float64Array {
  const sum = new Float64Array(d);
  const count = new Float64Array(d);
  for (let r = 0; r < rows.length; r++) {
    const base = rows[r] * d;
    for (let j = 0; j < d; j++) {
      const v = X[base + j];
      if (!Number.isNaN(v)) {
        sum[j] += v;
        count[j]++;
      }
    }
  }
  return sum.map((total, j) => (count[j] === 0 ? Number.NaN : total / count[j]!));
}

/** A copy of the first n rows with each missing cell set to its column's mean. */
export function fillWithMeans(X: Float32Array, n: number, d: number, means: ArrayLike<number>): Float32Array {
  const out = X.slice(0, n * d);
  for (let k = 0; k < out.length; k++) if (Number.isNaN(out[k])) out[k] = means[k % d];
  return out;
}

function dropRows(X: Float32Array, n: number, d: number, affectedRows: number, file: string): PreparedMatrix {
  const kept = n - affectedRows;
  if (kept === 0) {
    throw new AppError(
      errorCodes.importFailed,
      `${file}: every row misses a value in some signal, so dropping rows leaves nothing: choose forward fill or mean fill, or fewer signals.`,
      { file },
    );
  }
  const out = new Float32Array(kept * d);
  const rowIds = new Uint32Array(kept);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const base = i * d;
    let complete = true;
    for (let j = 0; j < d; j++) {
      if (Number.isNaN(X[base + j])) {
        complete = false;
        break;
      }
    }
    if (!complete) continue;
    out.set(X.subarray(base, base + d), m * d);
    rowIds[m++] = i;
  }
  return { X: out, n: kept, d, rowIds, filledCells: 0, affectedRows };
}
