import type { Scoring } from '../../shared/domain/model-config';
import type { Matrix } from './matrix';

/**
 * Each signal's typical error, floored at the median signal's: a signal the model reproduces
 * almost perfectly in training (nearly constant there) would otherwise weigh a millionfold the
 * moment it moves, and drown every other signal's evidence.
 */
export function typicalErrorFloor(typicalError: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(typicalError).sort();
  const median = sorted.length === 0 ? 0 : (sorted[(sorted.length - 1) >> 1]! + sorted[sorted.length >> 1]!) / 2;
  return Float64Array.from(typicalError, (value) => Math.max(value, median));
}

/** Mean over signals of each squared error divided by the signal's floored typical error. */
export function normalisedRowScores(errors: Matrix, typicalError: ArrayLike<number>): Float32Array {
  const divisor = typicalErrorFloor(typicalError);
  const { n, d, data } = errors;
  const scores = new Float32Array(n);
  for (let row = 0; row < n; row++) {
    let total = 0;
    for (let signal = 0; signal < d; signal++) {
      const scale = divisor[signal]!;
      if (scale > 0) total += data[row * d + signal]! / scale;
    }
    scores[row] = total / d;
  }
  return scores;
}

/**
 * Row range [from, to) a row's score is averaged over: `rows` rows ending at the row ('trailing'),
 * or around it with the extra row after it for even counts ('centred'); cut at the ends of the data.
 */
export function smoothingSpan(row: number, n: number, rows: number, align: Scoring['smoothingAlign']): [number, number] {
  if (align === 'trailing') return [Math.max(0, row - rows + 1), row + 1];
  return [Math.max(0, row - ((rows - 1) >> 1)), Math.min(n, row + (rows >> 1) + 1)];
}

/** Moving average over the smoothing span, by prefix sums in float64 (O(n) for any span). */
export function smoothScores(scores: ArrayLike<number>, rows: number, align: Scoring['smoothingAlign']): Float32Array {
  const n = scores.length;
  if (rows <= 1) return Float32Array.from(scores);
  const prefix = new Float64Array(n + 1);
  for (let row = 0; row < n; row++) prefix[row + 1] = prefix[row]! + scores[row]!;
  const smoothed = new Float32Array(n);
  for (let row = 0; row < n; row++) {
    const [from, to] = smoothingSpan(row, n, rows, align);
    smoothed[row] = (prefix[to]! - prefix[from]!) / (to - from);
  }
  return smoothed;
}

/**
 * The score a user sees, from the model's own: normalised by the typical errors where the config
 * asks and the model gives an error per signal, then smoothed. Rows are in time order.
 */
export function finishScores(
  modelScores: Float32Array,
  errors: Matrix | null,
  typicalError: ArrayLike<number> | null,
  scoring: Scoring,
): Float32Array {
  const normalise = scoring.normalise === 'typical-error' && errors !== null && typicalError !== null;
  const perRow = normalise ? normalisedRowScores(errors, typicalError) : modelScores;
  return smoothScores(perRow, scoring.smoothingRows, scoring.smoothingAlign);
}
