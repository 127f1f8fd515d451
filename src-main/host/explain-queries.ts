import type { HeatmapResponse, SignalEnvelopes } from '../../shared/ipc/results';
import { AppError } from '../../shared/errors';
import { errorCodes } from '../../shared/ipc/contract';
import { pyramidHeatmap, queryPyramid, signalTotals } from '../ml/pyramid';
import { typicalErrorFloor } from '../ml/scoring';
import { explainable, type RunRecord } from './runs';

export interface RowRange {
  rowStart: number;
  rowEnd: number;
  /** wanted number of buckets (about one per drawn pixel) */
  width: number;
}

/**
 * What each signal's error is multiplied by to be normalised: 1 / its typical training error
 * floored at the median signal's, exactly as normalisedRowScores weighs it in the score (a signal
 * with no typical error at all weighs nothing there, and here).
 */
function normalisingFactors(typicalError: ArrayLike<number>): Float64Array {
  return Float64Array.from(typicalErrorFloor(typicalError), (divisor) => (divisor > 0 ? 1 / divisor : 0));
}

/**
 * The heatmap of a row range, raw or normalised. Buckets are level-aligned, each one stored pyramid
 * row, so any viewport costs O(width x signals). Max and mean commute with a positive per-signal
 * factor, so the normalised heatmap is the raw query scaled afterwards; only the order must be
 * taken from the normalised totals.
 */
export function heatmapOf(record: RunRecord, range: RowRange & { sortByError: boolean; normalised: boolean }): HeatmapResponse {
  const { pyramid, typicalError } = explainable(record);
  const names = record.result.signals;
  const { rowStart, rowEnd, width, sortByError } = range;
  if (!range.normalised) return pyramidHeatmap(pyramid, names, { rowStart, rowEnd, width, sortByError, align: 'level' });

  const factors = normalisingFactors(typicalError);
  let order: number[] | undefined;
  if (sortByError) {
    const totals = signalTotals(pyramid, rowStart, rowEnd).map((total, s) => total * factors[s]);
    order = names.map((_, s) => s).sort((a, b) => totals[b] - totals[a]); // stable: ties keep column order
  }
  const view = queryPyramid(pyramid, { rowStart, rowEnd, width, signals: order, stat: 'max', align: 'level' });
  const m = view.signals.length;
  let maxValue = view.values.length > 0 ? -Infinity : 0;
  for (let i = 0; i < view.values.length; i++) {
    view.values[i] = view.values[i] * factors[view.signals[i % m]];
    if (view.values[i] > maxValue) maxValue = view.values[i];
  }
  return {
    rowStart: view.rowStart,
    rowEnd: view.rowEnd,
    bucketSize: view.bucketRows,
    signals: Array.from(view.signals, (s) => names[s]),
    values: view.values,
    maxValue,
  };
}

/**
 * Min and max of the raw values of the named signals per bucket of ceil(range / width) rows.
 * O(rows in range x signals asked for): the plots under the heatmap ask for a few signals over the
 * rows it shows. Missing values (NaN) are skipped; a bucket of only missing values is NaN.
 */
export function signalEnvelopes(record: RunRecord, request: RowRange & { signals: string[] }): SignalEnvelopes {
  const { signals, nRows } = record.result;
  const d = signals.length;
  const columns = request.signals.map((name) => {
    const column = signals.indexOf(name);
    if (column < 0) throw new AppError(errorCodes.notFound, `the run has no signal named ${name}`, { signals });
    return column;
  });
  const rowStart = Math.min(request.rowStart, nRows);
  const rowEnd = Math.min(Math.max(request.rowEnd, rowStart), nRows);
  const bucketSize = Math.max(1, Math.ceil((rowEnd - rowStart) / request.width));
  const buckets = Math.ceil((rowEnd - rowStart) / bucketSize);
  const min = columns.map(() => new Float32Array(buckets).fill(Infinity));
  const max = columns.map(() => new Float32Array(buckets).fill(-Infinity));
  for (let row = rowStart; row < rowEnd; row++) {
    const b = Math.floor((row - rowStart) / bucketSize);
    for (let j = 0; j < columns.length; j++) {
      const value = record.raw[row * d + columns[j]];
      // comparisons with NaN are false: a missing value changes neither
      if (value < min[j][b]) min[j][b] = value;
      if (value > max[j][b]) max[j][b] = value;
    }
  }
  for (let j = 0; j < columns.length; j++) {
    for (let b = 0; b < buckets; b++) {
      if (min[j][b] === Infinity) [min[j][b], max[j][b]] = [NaN, NaN];
    }
  }
  return {
    rowStart,
    rowEnd,
    bucketSize,
    signals: request.signals.map((signal, j) => ({ signal, min: min[j], max: max[j] })),
  };
}
