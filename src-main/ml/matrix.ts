/** A row-major n x d block of float32 values: the one shape data takes between our modules. */
export interface Matrix {
  data: Float32Array;
  n: number;
  d: number;
}

export function matrix(data: Float32Array, n: number, d: number): Matrix {
  if (data.length !== n * d) throw new Error(`matrix of ${n} x ${d} needs ${n * d} values, got ${data.length}`);
  return { data, n, d };
}

/** Copies the listed rows into a new matrix (row order kept). */
export function selectRows(source: Matrix, rows: ArrayLike<number>): Matrix {
  const out = new Float32Array(rows.length * source.d);
  for (let i = 0; i < rows.length; i++) {
    const from = rows[i]! * source.d;
    out.set(source.data.subarray(from, from + source.d), i * source.d);
  }
  return { data: out, n: rows.length, d: source.d };
}

/** Mean over columns of each row: the per-row score from a per-row per-signal error matrix. */
export function rowMeans(errors: Matrix): Float32Array {
  const out = new Float32Array(errors.n);
  for (let r = 0; r < errors.n; r++) {
    let sum = 0;
    for (let c = 0, i = r * errors.d; c < errors.d; c++, i++) sum += errors.data[i]!;
    out[r] = sum / errors.d;
  }
  return out;
}

/** Mean over rows of each column. */
export function columnMeans(values: Matrix): Float64Array {
  const out = new Float64Array(values.d);
  for (let r = 0; r < values.n; r++) {
    for (let c = 0, i = r * values.d; c < values.d; c++, i++) out[c] += values.data[i]!;
  }
  if (values.n > 0) for (let c = 0; c < values.d; c++) out[c] /= values.n;
  return out;
}
