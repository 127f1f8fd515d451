import type { ScalerKind } from '../../../shared/domain/model-config';
import type { Matrix } from '../matrix';
import { fitScaler } from './standard-scaler';

/** Per-signal scalers fitted on training rows. Row-wise L2 normalisation has no state: see applyL2Rows. */
export type { ScalerKind };

/**
 * Everything needed to repeat the preprocessing at scoring time; plain numbers only, so it is saved
 * with the model as JSON. Applied as: log1p on the listed signals first, then (x - center) / scale.
 * standard: mean / std; min-max: min / range; robust: median / IQR; none: 0 / 1.
 */
export interface FittedScaler {
  kind: ScalerKind;
  center: number[];
  scale: number[];
  /** Signal indices transformed by sign(x) * log1p(|x|) before centring and scaling. */
  log1p: number[];
}

export interface ScalerOptions {
  /** Signals to compress with sign(x) * log1p(|x|) before the scaler is fitted and applied. */
  log1p?: number[];
}

/** A range or IQR below this is treated as zero: the signal is shifted, not divided. */
const constantSpread = 1e-8;

export function fitScalerOf(kind: ScalerKind, train: Matrix, options: ScalerOptions = {}): FittedScaler {
  const log1p = [...(options.log1p ?? [])];
  const source = log1p.length > 0 ? applyLog1p(train, log1p) : train;
  const center = new Array<number>(train.d).fill(0);
  const scale = new Array<number>(train.d).fill(1);
  if (kind === 'none' || train.n === 0) return { kind, center, scale, log1p };
  if (kind === 'standard') {
    const standard = fitScaler('standard', source);
    return { kind, center: standard.mean, scale: standard.scale, log1p };
  }
  const column = new Float64Array(source.n);
  for (let c = 0; c < source.d; c++) {
    for (let r = 0; r < source.n; r++) column[r] = source.data[r * source.d + c]!;
    column.sort();
    if (kind === 'min-max') {
      const range = column[column.length - 1]! - column[0]!;
      center[c] = column[0]!;
      scale[c] = range < constantSpread ? 1 : range;
    } else {
      const iqr = percentileSorted(column, 75) - percentileSorted(column, 25);
      center[c] = percentileSorted(column, 50);
      scale[c] = iqr < constantSpread ? 1 : iqr;
    }
  }
  return { kind, center, scale, log1p };
}

/** Applies a fitted state to any rows (training, validation or scoring); returns a new matrix. */
export function applyScalerState(state: FittedScaler, X: Matrix): Matrix {
  if (state.center.length !== X.d || state.scale.length !== X.d) {
    throw new Error(`scaler was fitted on ${state.center.length} signals, got ${X.d}`);
  }
  const source = state.log1p.length > 0 ? applyLog1p(X, state.log1p) : X;
  const out = new Float32Array(X.data.length);
  for (let r = 0; r < X.n; r++) {
    for (let c = 0, i = r * X.d; c < X.d; c++, i++) {
      out[i] = (source.data[i]! - state.center[c]!) / state.scale[c]!;
    }
  }
  return { data: out, n: X.n, d: X.d };
}

/** Each row divided by its L2 norm; an all-zero row stays zero. Returns a new matrix. */
export function applyL2Rows(X: Matrix): Matrix {
  const out = new Float32Array(X.data.length);
  for (let r = 0; r < X.n; r++) {
    const from = r * X.d;
    let squares = 0;
    for (let i = from; i < from + X.d; i++) squares += X.data[i]! * X.data[i]!;
    if (squares === 0) continue;
    const norm = Math.sqrt(squares);
    for (let i = from; i < from + X.d; i++) out[i] = X.data[i]! / norm;
  }
  return { data: out, n: X.n, d: X.d };
}

/** sign(x) * log1p(|x|) on the listed signals, others copied unchanged. Returns a new matrix. */
export function applyLog1p(X: Matrix, signals: number[]): Matrix {
  for (const c of signals) {
    if (!Number.isInteger(c) || c < 0 || c >= X.d) throw new Error(`log1p signal ${c} is not in 0..${X.d - 1}`);
  }
  const out = Float32Array.from(X.data);
  for (let r = 0; r < X.n; r++) {
    for (const c of signals) {
      const i = r * X.d + c;
      const v = X.data[i]!;
      out[i] = Math.sign(v) * Math.log1p(Math.abs(v));
    }
  }
  return { data: out, n: X.n, d: X.d };
}

/** numpy.percentile with its default 'linear' method, on values sorted ascending (non-empty). */
function percentileSorted(sorted: Float64Array, q: number): number {
  const position = ((sorted.length - 1) * q) / 100;
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo]! + (position - lo) * (sorted[hi]! - sorted[lo]!);
}
