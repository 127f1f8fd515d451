import type { RdaeConfig } from '../../../../shared/domain/model-config';
import type { Matrix } from '../../matrix';
import { proxL1, proxL21Columns, proxL21Rows } from './prox';

export type SparseNorm = RdaeConfig['norm'];

/** S = prox_lambda(R) for the configured penalty (DESIGN section 3). */
export function sparseProx(norm: SparseNorm, R: Matrix, lambda: number): Matrix {
  const data =
    norm === 'l1' ? proxL1(R.data, lambda) : norm === 'l21-rows' ? proxL21Rows(R.data, R.n, R.d, lambda) : proxL21Columns(R.data, R.n, R.d, lambda);
  return { data, n: R.n, d: R.d };
}

/**
 * One number per row of S: its L2 norm for `l21-rows` and `l1`, and for `l21-cols` the sum of |S|
 * over the row's entries (a column penalty has no row groups, so each entry counts on its own).
 */
export function sparseRowNorms(norm: SparseNorm, S: Matrix): Float32Array {
  const out = new Float32Array(S.n);
  for (let r = 0; r < S.n; r++) {
    let total = 0;
    for (let i = r * S.d; i < (r + 1) * S.d; i++) total += norm === 'l21-cols' ? Math.abs(S.data[i]!) : S.data[i]! * S.data[i]!;
    out[r] = norm === 'l21-cols' ? total : Math.sqrt(total);
  }
  return out;
}

/**
 * The lambda rule: a share of the typical size of one penalty group of X, where typical = the root
 * mean square of the group norms (a row for l21-rows, a column for l21-cols, an entry for l1). The
 * prox zeroes groups whose residual is below lambda, so a share of 0.5 puts a group into S when the
 * autoencoder leaves more than half of a typical group unexplained. On standardized data (unit RMS
 * per entry) this is share * sqrt(d) for rows, share * sqrt(n) for columns and share for entries.
 */
export function lambdaFromTypicalGroupNorm(norm: SparseNorm, X: Matrix, share = 0.5): number {
  let squares = 0;
  for (let i = 0; i < X.data.length; i++) squares += X.data[i]! * X.data[i]!;
  const groups = norm === 'l21-rows' ? X.n : norm === 'l21-cols' ? X.d : X.n * X.d;
  return share * Math.sqrt(squares / Math.max(1, groups));
}

function frobenius(values: ArrayLike<number>): number {
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += values[i]! * values[i]!;
  return Math.sqrt(squares);
}

/** ||A - B - C||_F without allocating the difference. */
function frobeniusOfDifference(A: Float32Array, B: Float32Array, C: Float32Array): number {
  let squares = 0;
  for (let i = 0; i < A.length; i++) {
    const v = A[i]! - B[i]! - C[i]!;
    squares += v * v;
  }
  return Math.sqrt(squares);
}

export interface AdmmSettings {
  norm: SparseNorm;
  lambda: number;
  outerIterations: number;
  eps: number;
}

export interface AdmmSteps {
  /** trains the autoencoder on L_D (warm start from the previous iteration); false when cancelled */
  train(lowRank: Matrix, iteration: number): Promise<boolean>;
  /** D(E(L)) */
  reconstruct(lowRank: Matrix): Matrix;
}

export interface AdmmResult {
  /** L_D = D(E(X - S)) of the last completed iteration */
  lowRank: Matrix;
  /** the fitted sparse part S of X */
  sparse: Matrix;
  /** outer iterations completed */
  iterations: number;
  /** a stopping criterion fell below eps (possibly in the last iteration) */
  converged: boolean;
  cancelled: boolean;
  /** per completed iteration: ||X - L_D - S|| / ||X|| and ||L_S - L_D - S|| / ||X|| */
  residuals: { reconstruction: number[]; change: number[] };
}

/**
 * X = L_D + S by alternating minimisation (Zhou and Paffenroth's robust deep autoencoder, DESIGN
 * section 3). S starts at zero and L_S at X, so the first change criterion measures how far the
 * first decomposition moved from X itself.
 */
export async function decompose(X: Matrix, settings: AdmmSettings, steps: AdmmSteps): Promise<AdmmResult> {
  const size = X.data.length;
  const scale = frobenius(X.data) || 1;
  let sparse: Matrix = { data: new Float32Array(size), n: X.n, d: X.d };
  let lowRank: Matrix = { data: X.data.slice(), n: X.n, d: X.d };
  let previousSum = X.data.slice();
  const residuals = { reconstruction: [] as number[], change: [] as number[] };
  let iterations = 0;
  let converged = false;
  let cancelled = false;

  for (let iteration = 0; iteration < settings.outerIterations; iteration++) {
    const target = new Float32Array(size);
    for (let i = 0; i < size; i++) target[i] = X.data[i]! - sparse.data[i]!;
    if (!(await steps.train({ data: target, n: X.n, d: X.d }, iteration))) {
      cancelled = true;
      break;
    }
    lowRank = steps.reconstruct({ data: target, n: X.n, d: X.d });
    const residual = new Float32Array(size);
    for (let i = 0; i < size; i++) residual[i] = X.data[i]! - lowRank.data[i]!;
    sparse = sparseProx(settings.norm, { data: residual, n: X.n, d: X.d }, settings.lambda);
    iterations++;
    const reconstruction = frobeniusOfDifference(X.data, lowRank.data, sparse.data) / scale;
    const change = frobeniusOfDifference(previousSum, lowRank.data, sparse.data) / scale;
    residuals.reconstruction.push(reconstruction);
    residuals.change.push(change);
    for (let i = 0; i < size; i++) previousSum[i] = lowRank.data[i]! + sparse.data[i]!;
    if (reconstruction < settings.eps || change < settings.eps) {
      converged = true;
      break;
    }
  }
  return { lowRank, sparse, iterations, converged, cancelled, residuals };
}
