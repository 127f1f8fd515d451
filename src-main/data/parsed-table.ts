/**
 * What every reader (the fast numeric CSV parser, the DuckDB reader for everything else) hands to
 * the dataset store: the numeric columns as one row-major Float32 block, the time column as
 * numbers, and the names of the text columns that were left out.
 */
export interface ParsedTable {
  /** data rows (header excluded) */
  n: number;
  /** numeric and boolean columns in file order, the time column excluded; booleans become 0/1 */
  numericColumns: string[];
  /** row-major n x numericColumns.length; NaN marks a missing value (empty, NaN, +/-Inf, null) */
  values: Float32Array;
  timeColumn: string | null;
  /** 'timestamp': epoch milliseconds (naive times read as UTC); 'number': the column's own values */
  timeKind: 'timestamp' | 'number' | null;
  /** NaN where a time is missing */
  times: Float64Array | null;
  /** columns not kept as numbers (text, ids), with why */
  textColumns: Array<{ name: string; reason: string }>;
  /** count, range, mean and M2 of the numeric columns when the reader gathered them while parsing */
  columnStats?: ColumnStats;
}

export interface ColumnStats {
  count: Float64Array;
  min: Float64Array;
  max: Float64Array;
  mean: Float64Array;
  /** sum of squared deviations from the mean */
  m2: Float64Array;
}

/** Progress callback shared by the readers: bytes read of the total, and rows so far. */
export type ReadProgress = (bytesDone: number, bytesTotal: number, rowsDone: number) => void;

export interface ReadControl {
  onProgress?: ReadProgress;
  /** abort stops reading within about 100 ms and rejects with a CANCELLED AppError */
  signal?: AbortSignal;
}
