/**
 * Proximal operators for the sparse part S of the robust deep autoencoder (DESIGN section 3):
 * prox(S) = argmin_X 0.5 * ||X - S||^2 + lambda * penalty(X). All take row-major n x d values
 * and return a new array; the input is not changed.
 */

function checkLambda(lambda: number): void {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`lambda must be finite and >= 0, got ${lambda}`);
}

function checkShape(S: Float32Array, n: number, d: number): void {
  if (S.length !== n * d) throw new Error(`prox of ${n} x ${d} needs ${n * d} values, got ${S.length}`);
}

/** l1 penalty (scattered entry outliers): element-wise soft threshold sign(x) * max(|x| - lambda, 0). */
export function proxL1(S: Float32Array, lambda: number): Float32Array {
  checkLambda(lambda);
  const out = new Float32Array(S.length);
  for (let i = 0; i < S.length; i++) {
    const v = S[i]!;
    const shrunk = Math.abs(v) - lambda;
    out[i] = shrunk > 0 ? Math.sign(v) * shrunk : 0;
  }
  return out;
}

/** l2,1 over rows (whole-sample outliers): each row s scaled by max(0, 1 - lambda / ||s||2). */
export function proxL21Rows(S: Float32Array, n: number, d: number, lambda: number): Float32Array {
  checkLambda(lambda);
  checkShape(S, n, d);
  const out = new Float32Array(S.length);
  for (let r = 0; r < n; r++) {
    const from = r * d;
    let squares = 0;
    for (let i = from; i < from + d; i++) squares += S[i]! * S[i]!;
    const factor = groupShrink(Math.sqrt(squares), lambda);
    if (factor === 0) continue;
    for (let i = from; i < from + d; i++) out[i] = S[i]! * factor;
  }
  return out;
}

/** l2,1 over columns (corrupted signals): each column scaled by max(0, 1 - lambda / ||column||2). */
export function proxL21Columns(S: Float32Array, n: number, d: number, lambda: number): Float32Array {
  checkLambda(lambda);
  checkShape(S, n, d);
  const squares = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let c = 0, i = r * d; c < d; c++, i++) squares[c] += S[i]! * S[i]!;
  }
  const factors = new Float64Array(d);
  for (let c = 0; c < d; c++) factors[c] = groupShrink(Math.sqrt(squares[c]!), lambda);
  const out = new Float32Array(S.length);
  for (let r = 0; r < n; r++) {
    for (let c = 0, i = r * d; c < d; c++, i++) out[i] = S[i]! * factors[c]!;
  }
  return out;
}

/** max(0, 1 - lambda / norm), with a zero group (or one inside the lambda ball) mapped to 0. */
function groupShrink(norm: number, lambda: number): number {
  return norm > lambda ? 1 - lambda / norm : 0;
}
