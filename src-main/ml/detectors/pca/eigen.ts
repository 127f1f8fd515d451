/** Eigen-decomposition of a real symmetric matrix: A = V diag(values) V^T. */
export interface SymmetricEigen {
  /** eigenvalues, sorted descending */
  values: Float64Array;
  /** row-major d x d; column j is the unit eigenvector of values[j] */
  vectors: Float64Array;
}

/**
 * Cyclic Jacobi method for a symmetric d x d matrix (row-major, only read). Sweeps until the
 * off-diagonal Frobenius norm is <= tol times the matrix's Frobenius norm (1e-12 by default).
 * O(d^3) per sweep and usually under ten sweeps: fine for d up to a few hundred.
 */
export function symmetricEigen(A: ArrayLike<number>, d: number, tol = 1e-12, maxSweeps = 100): SymmetricEigen {
  if (A.length !== d * d) throw new Error(`a ${d} x ${d} matrix needs ${d * d} values, got ${A.length}`);
  const a = Float64Array.from(A);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  let norm = 0;
  for (let i = 0; i < d * d; i++) norm += a[i]! * a[i]!;
  const limit = tol * Math.sqrt(norm);

  for (let sweep = 0; sweep < maxSweeps && offDiagonalNorm(a, d) > limit; sweep++) {
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q]!;
        if (apq === 0) continue;
        // rotation that zeroes a[p][q]: A <- J^T A J with J_pp = J_qq = c, J_pq = s, J_qp = -s
        const theta = (a[q * d + q]! - a[p * d + p]!) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        rotateColumns(a, d, p, q, c, s);
        rotateColumns(v, d, p, q, c, s);
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k]!;
          const aqk = a[q * d + k]!;
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        a[p * d + q] = 0;
        a[q * d + p] = 0;
      }
    }
  }

  const order = Array.from({ length: d }, (_, i) => i).sort((i, j) => a[j * d + j]! - a[i * d + i]!);
  const values = new Float64Array(d);
  const vectors = new Float64Array(d * d);
  order.forEach((from, to) => {
    values[to] = a[from * d + from]!;
    for (let k = 0; k < d; k++) vectors[k * d + to] = v[k * d + from]!;
  });
  return { values, vectors };
}

function rotateColumns(m: Float64Array, d: number, p: number, q: number, c: number, s: number): void {
  for (let k = 0; k < d; k++) {
    const mkp = m[k * d + p]!;
    const mkq = m[k * d + q]!;
    m[k * d + p] = c * mkp - s * mkq;
    m[k * d + q] = s * mkp + c * mkq;
  }
}

function offDiagonalNorm(a: Float64Array, d: number): number {
  let sum = 0;
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) if (i !== j) sum += a[i * d + j]! * a[i * d + j]!;
  return Math.sqrt(sum);
}
