import type { DuckDBConnection, DuckDBVector } from '@duckdb/node-api';
import { DuckDBDoubleVector, DuckDBFloatVector } from '@duckdb/node-api';

/**
 * The values of a DOUBLE result vector as a Float64Array, without a per-cell call.
 * node-api keeps the vector's data in a typed array over DuckDB's own memory (private in its types);
 * we read that view when it is there and fall back to getItem otherwise. Missing values read as NaN
 * only when the query already turned NULL into NaN (see `nanIfNull`): the view ignores the validity mask.
 * The view is only valid until the next chunk is fetched: copy out of it at once.
 */
export function doubleItems(vector: DuckDBVector, rowCount: number): Float64Array {
  if (vector instanceof DuckDBDoubleVector) {
    const items = (vector as unknown as { items?: unknown }).items;
    if (items instanceof Float64Array && items.length === rowCount) return items;
  }
  const out = new Float64Array(rowCount);
  for (let i = 0; i < rowCount; i++) {
    const v = vector.getItem(i);
    out[i] = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : NaN;
  }
  return out;
}

/** The values of a FLOAT result vector as a Float32Array view (see `doubleItems`; NULL needs `nanIfNullFloat`). */
export function floatItems(vector: DuckDBVector, rowCount: number): Float32Array {
  if (vector instanceof DuckDBFloatVector) {
    const items = (vector as unknown as { items?: unknown }).items;
    if (items instanceof Float32Array && items.length === rowCount) return items;
  }
  const out = new Float32Array(rowCount);
  for (let i = 0; i < rowCount; i++) {
    const v = vector.getItem(i);
    out[i] = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : NaN;
  }
  return out;
}

/** SQL for a column as FLOAT with NULL, +/-Inf and values beyond float32's range turned into NaN. */
export function nanIfNullFloat(expression: string): string {
  const x = `CAST(${expression} AS DOUBLE)`;
  return `(CASE WHEN abs(${x}) <= 3.4028234663852886e38 THEN CAST(${x} AS FLOAT) ELSE 'NaN'::FLOAT END)`;
}

/** SQL for a column as DOUBLE with NULL turned into NaN, so the raw data view is complete. */
export function nanIfNull(expression: string): string {
  return `COALESCE(CAST(${expression} AS DOUBLE), 'NaN'::DOUBLE)`;
}

/**
 * Run a query to completion, then hand its chunks over one by one. An error inside
 * the query (a CSV value that does not convert) rejects here: with node-api 1.5 a streaming
 * result that fails mid-way throws from the native fetch outside any promise (an uncaught exception).
 */
export async function forEachMaterializedChunk(
  connection: DuckDBConnection,
  sql: string,
  onChunk: (columnVector: (column: number) => DuckDBVector, rowCount: number, firstRow: number) => boolean | void,
): Promise<number> {
  const result = await connection.run(sql);
  let row = 0;
  for (let c = 0; c < result.chunkCount; c++) {
    const chunk = result.getChunk(c);
    if (chunk.rowCount === 0) continue;
    const stop = onChunk((k) => chunk.getColumnVector(k), chunk.rowCount, row);
    row += chunk.rowCount;
    if (stop === true) break;
  }
  return row;
}
