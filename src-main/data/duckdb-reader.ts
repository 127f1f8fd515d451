import { stat } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DatasetPreview } from '../../shared/ipc/datasets';
import { doubleItems, floatItems, nanIfNullFloat } from './columnar';
import { isNumeric } from './column-roles';
import { cancelled, duckDbImportError, importFailed } from './import-errors';
import type { ParsedTable, ReadControl } from './parsed-table';
import { numericExpression, sourceSql } from './sniff';
import { quoteIdent } from './sql';

/** at most one progress report per this many ms */
const progressEveryMs = 100;

async function sizeOf(file: string): Promise<number | null> {
  try {
    const info = await stat(file);
    return info.isFile() ? info.size : null;
  } catch {
    return null;
  }
}

/**
 * Read the whole file that `inspectFile` previewed, with the same options: DuckDB parses it into a
 * query result of float32 columns (no table, so a cancel or an error leaves nothing behind), which is
 * then copied into one row-major Float32Array. Numeric and boolean columns become float32 (NaN for
 * null, NaN, +/-Inf and values beyond float32); the suggested time column becomes epoch ms or its
 * numbers; other columns are listed as text with their reason.
 * Progress: DuckDB's query progress, polled every 100 ms while it parses (bytes = fraction x size),
 * then rows while the result is copied. Cancel: `control.signal` interrupts the running query and
 * rejects with AppError(CANCELLED). Peak memory: about twice the float32 matrix.
 */
export async function readWithDuckDb(
  connection: DuckDBConnection,
  file: string,
  readOptions: string,
  preview: DatasetPreview,
  control: ReadControl = {},
): Promise<ParsedTable> {
  const { signal, onProgress } = control;
  if (signal?.aborted) throw cancelled(file);
  const before = await sizeOf(file);
  if (before === null) throw importFailed(file, `${file} no longer exists (it was moved or deleted after it was inspected); choose it again.`);
  if (before !== preview.bytes) {
    throw importFailed(file, `${file} changed after it was inspected (${preview.bytes} bytes then, ${before} bytes now); inspect it again.`);
  }

  const timeInfo = preview.columns.find((c) => c.suggestedRole === 'time') ?? null;
  const numeric = preview.columns.filter((c) => c !== timeInfo && isNumeric(c.type));
  const textColumns = preview.columns.filter((c) => c !== timeInfo && !isNumeric(c.type)).map((c) => ({ name: c.name, reason: c.reason }));
  const d = numeric.length;
  const select = numeric.map((c) => nanIfNullFloat(quoteIdent(c.name)));
  if (timeInfo) select.push(numericExpression(timeInfo));
  if (select.length === 0) select.push('1');
  const headerLines = preview.dialect.format === 'csv' && preview.dialect.header ? 1 : 0;
  const sql = `SELECT ${select.join(', ')} FROM ${sourceSql(file, preview.dialect.format, readOptions)}`;

  // Phase 1: DuckDB parses the whole file into a result of float32 columns (and float64 times).
  // Its progress is polled; an abort interrupts the query. No table is created, so nothing remains.
  const estimate = preview.rowEstimate ?? 0;
  const poll = onProgress
    ? setInterval(() => {
        const fraction = progressFraction(connection);
        onProgress(Math.round(fraction * preview.bytes), preview.bytes, Math.round(fraction * estimate));
      }, progressEveryMs)
    : null;
  const onAbort = () => connection.interrupt();
  signal?.addEventListener('abort', onAbort, { once: true });
  let result;
  try {
    await connection.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false');
    result = await connection.run(sql);
  } catch (error) {
    if (signal?.aborted) throw cancelled(file);
    if ((await sizeOf(file)) === null) throw importFailed(file, `${file} was deleted or moved while it was being imported; nothing was kept.`);
    throw duckDbImportError(file, error, headerLines);
  } finally {
    if (poll) clearInterval(poll);
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) throw cancelled(file);

  // Phase 2: copy the result chunk by chunk into one row-major block, exactly n rows long.
  const n = Number(result.rowCount);
  if (n === 0) throw importFailed(file, `${file} has no data rows; expected rows of values below the header.`);
  const values = new Float32Array(n * d);
  const times = timeInfo ? new Float64Array(n) : null;
  let row = 0;
  let lastReport = performance.now();
  for (let c = 0; c < result.chunkCount; c++) {
    const chunk = result.getChunk(c);
    const count = chunk.rowCount;
    for (let j = 0; j < d; j++) {
      const items = floatItems(chunk.getColumnVector(j), count);
      for (let i = 0, k = row * d + j; i < count; i++, k += d) values[k] = items[i];
    }
    if (times) {
      const items = doubleItems(chunk.getColumnVector(d), count);
      for (let i = 0; i < count; i++) times[row + i] = Number.isFinite(items[i]) ? items[i] : NaN;
    }
    row += count;
    if (signal?.aborted) throw cancelled(file);
    const now = performance.now();
    if (onProgress && now - lastReport >= progressEveryMs) {
      lastReport = now;
      onProgress(preview.bytes, preview.bytes, row);
    }
  }

  const after = await sizeOf(file);
  if (after !== before) {
    throw importFailed(
      file,
      after === null
        ? `${file} was deleted or moved while it was being imported; nothing was kept.`
        : `${file} changed while it was being imported (${before} bytes before, ${after} bytes after); import it again.`,
    );
  }
  onProgress?.(preview.bytes, preview.bytes, n);
  return {
    n,
    numericColumns: numeric.map((c) => c.name),
    values,
    timeColumn: timeInfo?.name ?? null,
    timeKind: timeInfo ? (timeInfo.type === 'timestamp' ? 'timestamp' : 'number') : null,
    times,
    textColumns,
  };
}

/** DuckDB's progress of the running query as 0..1 (0 while it has none to report). */
function progressFraction(connection: DuckDBConnection): number {
  try {
    const percentage = connection.progress.percentage;
    return percentage > 0 ? Math.min(1, percentage / 100) : 0;
  } catch {
    return 0;
  }
}
