import { randomUUID } from 'node:crypto';
import { open as openFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Roles } from '../../shared/domain/results';
import { AppError } from '../../shared/errors';
import { errorCodes } from '../../shared/ipc/contract';
import type { ColumnInfo, DatasetSummary } from '../../shared/ipc/datasets';
import { doubleItems, forEachChunk, nanIfNull } from './columnar';
import { columnTypeOf, isNumeric, namedLikeTime, suggestRoles, type ColumnProfile } from './column-roles';
import { quoteIdent, quoteLiteral } from './sql';

export interface FeatureMatrix {
  /** row-major n x d, raw values in the order of `signals` */
  X: Float32Array;
  n: number;
  d: number;
  signals: string[];
  /** 0/1 when roles.label is set */
  labels: Uint8Array | null;
  /** the time column as text (timestamps as ISO 8601) when roles.time is set */
  times: string[] | null;
  /** missing or infinite signal values that were filled (forward fill; leading gaps take the first valid value) */
  filledCells: number;
}

const metaTable = '_datasets';
const idPattern = /^ds_[0-9a-f]{32}$/;
const previewRows = 50;
/** read as missing besides the empty field */
const missingMarkers = ['', 'NA', 'N/A', 'NULL', 'null', 'NaN', 'nan'];

interface Meta {
  id: string;
  name: string;
  path: string;
  bytes: number;
}

function importFailed(file: string, message: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError(errorCodes.importFailed, message, { file, ...extra });
}

/** DuckDB's first line of an error, without its "Invalid Input Error:" style prefix. */
function duckMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const firstLines = text.split('\n').filter((l) => l.trim().length > 0).slice(0, 3).join(' ');
  return firstLines.replace(/^[A-Za-z ]+Error:\s*/, '').slice(0, 400);
}

/** Datasets imported into one DuckDB database: a table per dataset plus a small metadata table. */
export class DatasetStore {
  private readonly summaries = new Map<string, DatasetSummary>();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** Open (or create) a DuckDB file, or ':memory:'; tables of earlier imports stay available. */
  static async open(databasePath: string): Promise<DatasetStore> {
    const instance = await DuckDBInstance.create(databasePath);
    const connection = await instance.connect();
    await connection.run(
      `CREATE TABLE IF NOT EXISTS ${metaTable} (
         id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, path VARCHAR NOT NULL,
         bytes BIGINT NOT NULL, imported_at TIMESTAMP NOT NULL)`,
    );
    return new DatasetStore(instance, connection);
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  /** Import a CSV/TSV with DuckDB's auto-detection. Every failure is an AppError(IMPORT_FAILED) naming the file. */
  async importCsv(filePath: string, displayName?: string): Promise<DatasetSummary> {
    const file = path.resolve(filePath);
    const bytes = await checkReadableText(file);
    const id = `ds_${randomUUID().replaceAll('-', '')}`;
    const table = quoteIdent(id);
    const source = (extra: string) =>
      `read_csv(${quoteLiteral(file)}, nullstr = [${missingMarkers.map(quoteLiteral).join(', ')}]${extra})`;
    await this.load(file, table, source(''), source(', sample_size = -1'));
    // When rows disagree on the number of fields the sniffer gives up on the delimiter and reads
    // each line as one text column ("a,b"). Read again with the header's delimiter so DuckDB names the bad line.
    const described = (await this.connection.runAndReadAll(`DESCRIBE ${table}`)).getRowsJS();
    const delimiter = described.length === 1 ? [',', ';', '\t', '|'].find((c) => String(described[0][0]).includes(c)) : undefined;
    if (delimiter !== undefined) {
      await this.connection.run(`DROP TABLE ${table}`);
      throw await this.raggedError(file, source(`, delim = ${quoteLiteral(delimiter)}, header = true, store_rejects = true`));
    }
    try {
      const rows = await this.connection.runAndReadAll(`SELECT count(*)::DOUBLE FROM ${table}`);
      if (Number(rows.getRows()[0][0]) === 0) throw importFailed(file, `${file} has a header but no data rows.`);
      const name = displayName?.trim() || path.basename(file);
      await this.connection.run(`INSERT INTO ${metaTable} VALUES ($1, $2, $3, $4, now()::TIMESTAMP)`, [id, name, file, bytes]);
      return await this.summary(id);
    } catch (error) {
      await this.connection.run(`DROP TABLE IF EXISTS ${table}`);
      await this.connection.run(`DELETE FROM ${metaTable} WHERE id = $1`, [id]);
      throw error instanceof AppError ? error : importFailed(file, `Could not import ${file}: ${duckMessage(error)}`);
    }
  }

  /** Profile, suggested roles and preview of an imported dataset; NOT_FOUND for an unknown id. */
  async summary(datasetId: string): Promise<DatasetSummary> {
    const cached = this.summaries.get(datasetId);
    if (cached) return cached;
    const meta = await this.meta(datasetId);
    const table = quoteIdent(meta.id);
    const described = (await this.connection.runAndReadAll(`DESCRIBE ${table}`)).getRowObjectsJS();
    const columns = described.map((r) => ({ name: String(r.column_name), sqlType: String(r.column_type) }));
    const { rowCount, profiles } = await this.profile(table, columns);
    const summary: DatasetSummary = {
      id: meta.id,
      name: meta.name,
      path: meta.path,
      bytes: meta.bytes,
      rowCount,
      columns: suggestRoles(profiles),
      preview: await this.preview(table, profiles),
    };
    this.summaries.set(datasetId, summary);
    return summary;
  }

  /** The signal columns as a row-major Float32Array, with labels and times when the roles name them. */
  async matrix(datasetId: string, roles: Roles): Promise<FeatureMatrix> {
    const summary = await this.summary(datasetId);
    const file = summary.path;
    const byName = new Map(summary.columns.map((c) => [c.name, c]));
    const column = (name: string, role: string): ColumnInfo => {
      const info = byName.get(name);
      if (!info) {
        throw new AppError(errorCodes.badRequest, `${file} has no column "${name}" (chosen as ${role}).`, { file, column: name });
      }
      return info;
    };
    const signals = roles.signals;
    if (signals.length === 0) throw new AppError(errorCodes.badRequest, 'Choose at least one signal column.', { file });
    for (const name of signals) {
      const info = column(name, 'signal');
      if (!isNumeric(info.type)) {
        throw importFailed(
          file,
          `Column "${name}" in ${file} holds ${info.type} values (${info.sqlType}); a signal must be numeric. Ignore it or choose another column.`,
          { column: name },
        );
      }
    }
    const labelInfo = roles.label === null ? null : column(roles.label, 'label');
    const timeInfo = roles.time === null ? null : column(roles.time, 'time');

    const select = signals.map((s) => nanIfNull(quoteIdent(s)));
    if (labelInfo) select.push(labelExpression(labelInfo));
    if (timeInfo) select.push(timeExpression(timeInfo));
    const n = summary.rowCount;
    const d = signals.length;
    const X = new Float32Array(n * d);
    const labels = labelInfo ? new Uint8Array(n) : null;
    const times = timeInfo ? new Array<string>(n) : null;
    const last = new Float64Array(d).fill(NaN);
    const firstValid = new Int32Array(d).fill(-1);
    let filled = 0;
    let badLabelRow = -1;

    const rows = await forEachChunk(this.connection, `SELECT ${select.join(', ')} FROM ${quoteIdent(summary.id)}`, (vector, count, row0) => {
      for (let j = 0; j < d; j++) {
        const values = doubleItems(vector(j), count);
        let previous = last[j];
        for (let i = 0, k = row0 * d + j; i < count; i++, k += d) {
          const v = values[i];
          if (v - v === 0) {
            // finite: NaN - NaN and Inf - Inf are NaN
            X[k] = v;
            previous = v;
            if (firstValid[j] < 0) firstValid[j] = row0 + i;
          } else if (previous === previous) {
            X[k] = previous;
            filled++;
          }
        }
        last[j] = previous;
      }
      let c = d;
      if (labels) {
        const values = doubleItems(vector(c++), count);
        for (let i = 0; i < count; i++) {
          const v = values[i];
          if (v === 0 || v === 1) labels[row0 + i] = v;
          else {
            badLabelRow = row0 + i;
            return true;
          }
        }
      }
      if (times) {
        const v = vector(c++);
        for (let i = 0; i < count; i++) times[row0 + i] = String(v.getItem(i) ?? '');
      }
      return false;
    });

    if (badLabelRow >= 0 && labelInfo) throw await this.badLabel(file, summary.id, labelInfo.name, badLabelRow);
    if (rows !== n) throw new AppError(errorCodes.internal, `${file}: read ${rows} rows, expected ${n}.`, { file });
    for (let j = 0; j < d; j++) {
      const first = firstValid[j];
      if (first < 0) {
        throw importFailed(file, `Column "${signals[j]}" in ${file} has no numeric value at all (every row is missing); ignore it as a signal.`, {
          column: signals[j],
        });
      }
      const value = X[first * d + j];
      for (let i = 0, k = j; i < first; i++, k += d) X[k] = value;
      filled += first;
    }
    return { X, n, d, signals: [...signals], labels, times, filledCells: filled };
  }

  private async meta(datasetId: string): Promise<Meta> {
    const rows = idPattern.test(datasetId)
      ? (await this.connection.runAndReadAll(`SELECT id, name, path, bytes::DOUBLE AS bytes FROM ${metaTable} WHERE id = $1`, [datasetId])).getRowObjectsJS()
      : [];
    if (rows.length === 0) {
      throw new AppError(errorCodes.notFound, `No imported dataset has the id "${datasetId}"; import the file again.`, { datasetId });
    }
    const r = rows[0];
    return { id: String(r.id), name: String(r.name), path: String(r.path), bytes: Number(r.bytes) };
  }

  private async profile(table: string, columns: { name: string; sqlType: string }[]): Promise<{ rowCount: number; profiles: ColumnProfile[] }> {
    const parts = ['count(*)::DOUBLE'];
    const types = columns.map((c) => columnTypeOf(c.sqlType));
    columns.forEach((c, i) => {
      const q = quoteIdent(c.name);
      parts.push(`count(${q})::DOUBLE`);
      if (isNumeric(types[i])) {
        // Plain min/max and a CASE sum are ~5x faster than FILTER aggregates over casts; the rare
        // column holding inf or NaN gets a second, filtered look below.
        const x = types[i] === 'boolean' ? `CAST(${q} AS TINYINT)` : q;
        parts.push(`min(${x})::DOUBLE`, `max(${x})::DOUBLE`, `sum(CASE WHEN ${x} IS NULL OR ${x} IN (0, 1) THEN 0 ELSE 1 END)::DOUBLE`);
      }
    });
    const row = (await this.connection.runAndReadAll(`SELECT ${parts.join(', ')} FROM ${table}`)).getRowsJS()[0];
    const rowCount = Number(row[0]);
    let k = 1;
    const profiles: ColumnProfile[] = [];
    for (let i = 0; i < columns.length; i++) {
      const valid = Number(row[k++]);
      const p: ColumnProfile = {
        name: columns[i].name,
        type: types[i],
        sqlType: columns[i].sqlType,
        nulls: rowCount - valid,
        valid,
        min: null,
        max: null,
        onlyZeroOne: false,
        strictlyIncreasing: false,
      };
      if (isNumeric(types[i])) {
        const min = row[k++];
        const max = row[k++];
        p.min = min === null ? null : Number(min);
        p.max = max === null ? null : Number(max);
        p.onlyZeroOne = valid > 0 && Number(row[k++]) === 0;
        if ((p.min !== null && !Number.isFinite(p.min)) || (p.max !== null && !Number.isFinite(p.max))) {
          [p.min, p.max] = await this.finiteRange(table, p.name);
        }
      }
      if (p.type === 'integer' && p.nulls === 0 && valid > 0 && namedLikeTime(p.name)) {
        p.strictlyIncreasing = await this.strictlyIncreasing(table, p.name);
      }
      profiles.push(p);
    }
    return { rowCount, profiles };
  }

  private async finiteRange(table: string, name: string): Promise<[number | null, number | null]> {
    const x = `CAST(${quoteIdent(name)} AS DOUBLE)`;
    const sql = `SELECT min(${x}) FILTER (WHERE isfinite(${x})), max(${x}) FILTER (WHERE isfinite(${x})) FROM ${table}`;
    const [min, max] = (await this.connection.runAndReadAll(sql)).getRowsJS()[0];
    return [min === null ? null : Number(min), max === null ? null : Number(max)];
  }

  private async strictlyIncreasing(table: string, name: string): Promise<boolean> {
    let previous = -Infinity;
    let increasing = true;
    await forEachChunk(this.connection, `SELECT ${nanIfNull(quoteIdent(name))} FROM ${table}`, (vector, count) => {
      const values = doubleItems(vector(0), count);
      for (let i = 0; i < count; i++) {
        if (!(values[i] > previous)) {
          increasing = false;
          return true;
        }
        previous = values[i];
      }
      return false;
    });
    return increasing;
  }

  private async preview(table: string, profiles: ColumnProfile[]): Promise<DatasetSummary['preview']> {
    const select = profiles.map((p) => {
      const q = quoteIdent(p.name);
      if (p.type === 'timestamp') return timeExpression({ name: p.name, type: p.type });
      if (p.type === 'boolean') return q;
      if (p.type === 'text') return `CAST(${q} AS VARCHAR)`;
      return `CAST(${q} AS DOUBLE)`;
    });
    const rows = (await this.connection.runAndReadAll(`SELECT ${select.join(', ')} FROM ${table} LIMIT ${previewRows}`)).getRowsJS();
    return rows.map((r) => r.map(jsonCell));
  }

  private async badLabel(file: string, id: string, column: string, rowIndex: number): Promise<AppError> {
    const rows = (
      await this.connection.runAndReadAll(`SELECT CAST(${quoteIdent(column)} AS VARCHAR) FROM ${quoteIdent(id)} LIMIT 1 OFFSET ${rowIndex}`)
    ).getRowsJS();
    const raw = rows[0]?.[0];
    const found = raw === null || raw === undefined ? 'an empty value' : `"${String(raw)}"`;
    const row = rowIndex + 1;
    return importFailed(
      file,
      `${file}, data row ${row}, column "${column}": found ${found}, expected a label of 0 or 1 (or false/true).`,
      { row, column },
    );
  }

  /** CREATE TABLE from a read_csv source; on a type conversion failure retry with `fallback`. */
  private async load(file: string, table: string, source: string, fallback: string): Promise<void> {
    try {
      await this.connection.run(`CREATE TABLE ${table} AS SELECT * FROM ${source}`);
    } catch (first) {
      // The sniffer looks at the first ~20k rows; a later value that does not fit the guessed type
      // fails the load. Scanning the whole file for types costs a second pass, so only on failure.
      if (!/conver|cast|could not/i.test(duckMessage(first))) throw this.csvError(file, first);
      try {
        await this.connection.run(`CREATE TABLE ${table} AS SELECT * FROM ${fallback}`);
      } catch (second) {
        throw this.csvError(file, second);
      }
    }
  }

  /** The first line whose number of fields differs from the header's, found through DuckDB's rejects table. */
  private async raggedError(file: string, source: string): Promise<AppError> {
    let line = 0;
    let problem = '';
    try {
      await this.connection.run(`SELECT count(*) FROM ${source}`);
      const rejects = (
        await this.connection.runAndReadAll(`SELECT line::DOUBLE, error_message FROM reject_errors ORDER BY line LIMIT 1`)
      ).getRowsJS();
      if (rejects.length > 0) {
        line = Number(rejects[0][0]);
        problem = String(rejects[0][1]);
      }
      await this.connection.run('DROP TABLE IF EXISTS reject_errors; DROP TABLE IF EXISTS reject_scans;');
    } catch (error) {
      return this.csvError(file, error);
    }
    if (line === 0) return importFailed(file, `${file} could not be read as a CSV file: its lines do not split into the same columns.`);
    const fields = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(problem);
    const what = fields ? `expected ${fields[1]} values like the header, found ${fields[2]} or more` : problem;
    const row = line - 1;
    return importFailed(file, `${file}, line ${line} (data row ${row}): ${what}.`, { row });
  }

  private csvError(file: string, error: unknown): AppError {
    return importFailed(file, `${file} could not be read as a CSV file: ${duckMessage(error)}`);
  }
}

/** 1, 0 or -1 (not a label) for each row, as DOUBLE. */
function labelExpression(info: Pick<ColumnInfo, 'name' | 'type'>): string {
  const q = quoteIdent(info.name);
  if (info.type === 'text') {
    const v = `lower(trim(${q}))`;
    return `(CASE WHEN ${v} IN ('1', 'true', 'yes', 't', 'y') THEN 1 WHEN ${v} IN ('0', 'false', 'no', 'f', 'n') THEN 0 ELSE -1 END)::DOUBLE`;
  }
  if (!isNumeric(info.type)) return `(-1)::DOUBLE`;
  const x = `CAST(${q} AS DOUBLE)`;
  return `(CASE WHEN ${x} = 1 THEN 1 WHEN ${x} = 0 THEN 0 ELSE -1 END)::DOUBLE`;
}

/** The time column as text; timestamps as ISO 8601 ("2013-12-02T21:15:00"). */
function timeExpression(info: Pick<ColumnInfo, 'name' | 'type'>): string {
  const text = `CAST(${quoteIdent(info.name)} AS VARCHAR)`;
  return info.type === 'timestamp' ? `replace(${text}, ' ', 'T')` : text;
}

function jsonCell(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** Size of a readable, non-empty, text-looking file; otherwise AppError(IMPORT_FAILED). */
async function checkReadableText(file: string): Promise<number> {
  let info;
  try {
    info = await stat(file);
  } catch {
    throw importFailed(file, `${file} does not exist or cannot be read; check the path.`);
  }
  if (info.isDirectory()) throw importFailed(file, `${file} is a folder; choose a CSV file inside it.`);
  if (!info.isFile()) throw importFailed(file, `${file} is not a regular file; choose a CSV file.`);
  if (info.size === 0) throw importFailed(file, `${file} is empty; expected a header line and rows of values.`);
  const handle = await openFile(file, 'r').catch(() => {
    throw importFailed(file, `${file} cannot be opened; check that you may read it.`);
  });
  try {
    const head = Buffer.alloc(Math.min(info.size, 8192));
    await handle.read(head, 0, head.length, 0);
    if (head.includes(0)) {
      throw importFailed(file, `${file} is not a text file (it contains binary data); expected a CSV with a header line.`);
    }
    if (head.toString('utf8').trim().length === 0) {
      throw importFailed(file, `${file} holds only blank lines; expected a header line and rows of values.`);
    }
  } finally {
    await handle.close();
  }
  return info.size;
}
