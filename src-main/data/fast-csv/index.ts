/**
 * Fast path for plain numeric CSV files: a parallel byte-level parser on worker threads
 * (parallel-reader.ts; parse loop in numeric-core.ts, worker in range-worker.ts). Anything it
 * cannot read exactly throws FastCsvUnsupported and the caller uses the DuckDB reader.
 */
export { FastCsvUnsupported, readNumericCsv, type FastCsvOptions } from './parallel-reader';
