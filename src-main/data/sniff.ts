import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnInfo, ColumnProfile, DatasetPreview, Dialect } from '../../shared/ipc/datasets';
import { doubleItems, forEachMaterializedChunk, nanIfNull } from './columnar';
import { columnTypeOf, isNumeric, namedLikeTime, suggestRoles, type ColumnProfile as RoleFacts, type ColumnType } from './column-roles';
import { probeFile, splitRecords, type Probe } from './file-probe';
import { duckDbImportError, importFailed } from './import-errors';
import { profileColumn } from './profile';
import { quoteIdent, quoteLiteral } from './sql';

export const previewRows = 50;
/** rows profiled for the preview's types, roles and profiles */
export const sampleRowsMax = 20_000;
/** ... but no more cells than this, so 10 000 columns stay quick */
const sampleCellsMax = 2_000_000;
/** read as missing besides the empty field */
export const missingMarkers = ['', 'NA', 'N/A', 'NULL', 'null', 'NaN', 'nan'];
const candidateDelimiters = [',', '\t', ';', '|'];

interface SqlColumn {
  name: string;
  sqlType: string;
}

interface Schema {
  dialect: Dialect;
  readOptions: string;
  columns: SqlColumn[];
  /** per column: a warning about its name (duplicate or empty header cell), or undefined */
  notes: Array<string | undefined>;
  /** 1 when the first line is a header: file line = data row + headerLines */
  headerLines: number;
}

/** The table function that reads `file` with the options `inspectFile` returned. */
export function sourceSql(file: string, format: Dialect['format'], readOptions: string): string {
  return format === 'parquet' ? `read_parquet(${quoteLiteral(file)})` : `read_csv(${quoteLiteral(file)}, ${readOptions})`;
}

/**
 * Sniff a CSV/TSV/Parquet file (plain, gzip, UTF-8 or Latin-1) and preview it without reading it all:
 * DuckDB's sniffer sample, the first rows and a sample of up to 20 000 rows for types, profiles and
 * roles. `readOptions` are read_csv options that reproduce what the user saw ('' for Parquet).
 * Every problem is an AppError(IMPORT_FAILED) naming the file (and the line and column where known).
 */
export async function inspectFile(connection: DuckDBConnection, file: string): Promise<{ preview: DatasetPreview; readOptions: string }> {
  const absolute = path.resolve(file);
  const probe = await probeFile(absolute);
  const schema = probe.format === 'parquet' ? await parquetSchema(connection, absolute) : await csvSchema(connection, absolute, probe);
  if (schema.columns.length === 0) throw importFailed(absolute, `${absolute} has no columns; expected a header line and rows of values.`);
  const source = sourceSql(absolute, schema.dialect.format, schema.readOptions);
  const limit = Math.max(100, Math.min(sampleRowsMax, Math.floor(sampleCellsMax / schema.columns.length)));
  const sample = await readSample(connection, absolute, source, schema, limit);
  if (sample.n === 0) {
    throw importFailed(
      absolute,
      schema.headerLines > 0
        ? `${absolute} has a header line but no data rows; expected rows of values below the header.`
        : `${absolute} has no data rows; expected rows of values.`,
    );
  }
  const rows = await previewCells(connection, absolute, source, schema);
  const rowEstimate = sample.n < limit ? sample.n : await estimateRows(connection, absolute, probe, schema);
  const preview: DatasetPreview = {
    path: absolute,
    name: path.basename(absolute),
    bytes: probe.bytes,
    dialect: schema.dialect,
    columns: sample.columns,
    preview: rows,
    rowEstimate,
    sampled: sample.n >= limit,
  };
  return { preview, readOptions: schema.readOptions };
}

async function parquetSchema(connection: DuckDBConnection, file: string): Promise<Schema> {
  let columns: SqlColumn[];
  try {
    const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${quoteLiteral(file)})`)).getRowObjectsJS();
    columns = described.map((r) => ({ name: String(r.column_name), sqlType: String(r.column_type) }));
  } catch (error) {
    const why = duckDbImportError(file, error).message.replace(`${file} could not be read: `, '');
    throw importFailed(file, `${file} starts like a Parquet file (PAR1) but cannot be read: ${why}`);
  }
  return {
    dialect: { format: 'parquet', delimiter: null, quote: null, header: true, encoding: 'utf-8', compression: 'none' },
    readOptions: '',
    columns,
    notes: columns.map(() => undefined),
    headerLines: 0,
  };
}

interface SniffRow {
  Delimiter: string;
  Quote: string;
  Escape: string;
  NewLineDelimiter: string;
  SkipRows: number;
  HasHeader: boolean;
  Columns: Array<{ name: string; type: string }>;
  DateFormat: string | null;
  TimestampFormat: string | null;
}

const empty = '(empty)';

async function csvSchema(connection: DuckDBConnection, file: string, probe: Probe): Promise<Schema> {
  const fixed = [`nullstr = [${missingMarkers.map(quoteLiteral).join(', ')}]`];
  if (probe.encoding === 'latin-1') fixed.push(`encoding = 'latin-1'`);
  if (probe.compression === 'gzip') fixed.push(`compression = 'gzip'`);
  let sniffed: SniffRow;
  try {
    const rows = (
      await connection.runAndReadAll(
        `SELECT Delimiter, Quote, Escape, NewLineDelimiter, SkipRows::INTEGER AS SkipRows, HasHeader, Columns, DateFormat, TimestampFormat
         FROM sniff_csv(${quoteLiteral(file)}, ${fixed.join(', ')})`,
      )
    ).getRowObjectsJS();
    sniffed = rows[0] as unknown as SniffRow;
  } catch (error) {
    const size = /Maximum line size of (\d+) bytes exceeded/.exec(error instanceof Error ? error.message : '');
    if (size && !probe.complete) {
      // DuckDB's sniffer numbers that line 1; the long line is the one our head could not hold.
      const line = probe.text.split('\n').length;
      throw importFailed(file, `${file}, line ${line}: the line is longer than ${size[1]} bytes; expected one row of values per line.`, {
        line,
        row: line - 1,
      });
    }
    throw duckDbImportError(file, error);
  }
  // Rows with different numbers of fields make the sniffer give up on the delimiter and read each
  // line as one text column ("a,b"): find the first such row ourselves and name it.
  if (sniffed.Columns.length === 1) raggedCheck(file, probe.text, sniffed.Columns[0].name);
  const skip = Number(sniffed.SkipRows) || 0;
  // The sniffer also "solves" a ragged file by skipping its first lines: only a preamble of
  // single-field lines (a title, comments) may be skipped, table rows must not vanish silently.
  if (skip > 0) {
    const skipped = probe.text.split('\n', skip);
    if (skipped.some((line) => line.includes(sniffed.Delimiter))) raggedCheck(file, probe.text, null, sniffed.Delimiter);
  }

  const delimiter = sniffed.Delimiter;
  const noQuotes = !probe.text.includes('"');
  let quote = sniffed.Quote === empty ? '' : sniffed.Quote;
  let escape = sniffed.Escape === empty ? '' : sniffed.Escape;
  if (quote === '' && noQuotes) {
    // nothing was quoted in the sample: still honour standard quoting further down the file
    quote = '"';
    escape = '"';
  }
  const header = Boolean(sniffed.HasHeader);
  const columns = sniffed.Columns.map((c) => ({ name: String(c.name), sqlType: String(c.type) }));
  const options = [
    'auto_detect = false',
    `delim = ${quoteLiteral(delimiter)}`,
    `quote = ${quoteLiteral(quote)}`,
    `escape = ${quoteLiteral(escape)}`,
    `header = ${header}`,
    `skip = ${skip}`,
    `columns = {${columns.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(c.sqlType)}`).join(', ')}}`,
    ...fixed,
  ];
  if (['\\n', '\\r\\n', '\\r'].includes(sniffed.NewLineDelimiter)) options.push(`new_line = ${quoteLiteral(sniffed.NewLineDelimiter)}`);
  if (sniffed.DateFormat) options.push(`dateformat = ${quoteLiteral(sniffed.DateFormat)}`);
  if (sniffed.TimestampFormat) options.push(`timestampformat = ${quoteLiteral(sniffed.TimestampFormat)}`);

  const notes = header ? headerNotes(probe.text, skip, delimiter, quote || null, escape || null, columns) : columns.map(() => undefined);
  return {
    dialect: { format: 'csv', delimiter, quote: quote || null, header, encoding: probe.encoding, compression: probe.compression },
    readOptions: options.join(', '),
    columns,
    notes,
    headerLines: skip + (header ? 1 : 0),
  };
}

/** Throw for the first line of the head whose number of fields differs from the header's. */
function raggedCheck(file: string, text: string, onlyColumn: string | null, known?: string): void {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = known ?? candidateDelimiters
    .map((d) => ({ d, count: firstLine.split(d).length - 1 }))
    .filter((c) => c.count > 0)
    .sort((a, b) => b.count - a.count)[0]?.d;
  if (delimiter === undefined) return; // truly one column
  const records = splitRecords(text, delimiter, '"', '"');
  const expected = records[0]?.fields.length ?? 0;
  const bad = records.find((r) => r.fields.length !== expected);
  const shown = delimiter === '\t' ? 'tab' : `"${delimiter}"`;
  if (bad === undefined) {
    throw importFailed(
      file,
      onlyColumn === null
        ? `${file} could not be split into columns: its first lines do not look like the rest of the table.`
        : `${file} could not be split into columns: DuckDB read each line as one column "${onlyColumn}", although the header is separated by ${shown}.`,
    );
  }
  throw importFailed(
    file,
    `${file}, line ${bad.line}: expected ${expected} values separated by ${shown} like the header, found ${bad.fields.length}.`,
    { line: bad.line, row: bad.line - 1 },
  );
}

/** How duplicate and empty header cells were renamed, said in the column's reason. */
function headerNotes(
  text: string,
  skip: number,
  delimiter: string,
  quote: string | null,
  escape: string | null,
  columns: SqlColumn[],
): Array<string | undefined> {
  const firstLines = text.split('\n', skip + 200).join('\n');
  const raw = splitRecords(firstLines, delimiter, quote, escape)[skip]?.fields ?? [];
  return columns.map((c, i) => {
    const cell = raw[i];
    if (cell === undefined || cell === c.name) return undefined;
    if (cell.trim() === '') return `the header of column ${i + 1} is empty; it is named "${c.name}"`;
    if (raw.indexOf(cell) < i) return `the header repeats "${cell}"; this column is renamed "${c.name}"`;
    return `the header says "${cell}"; it is read as "${c.name}"`;
  });
}

type Kind = 'number' | 'time' | 'text';

function kindOf(type: ColumnType): Kind {
  if (isNumeric(type)) return 'number';
  if (type === 'timestamp') return 'time';
  return 'text';
}

/** A column as DOUBLE for sampling: numbers and booleans as themselves, timestamps as epoch ms. */
export function numericExpression(column: SqlColumn): string {
  const q = quoteIdent(column.name);
  return kindOf(columnTypeOf(column.sqlType)) === 'time' ? nanIfNull(`epoch_ms(${q})`) : nanIfNull(q);
}

interface Sample {
  n: number;
  columns: ColumnInfo[];
}

async function readSample(connection: DuckDBConnection, file: string, source: string, schema: Schema, limit: number): Promise<Sample> {
  const types = schema.columns.map((c) => columnTypeOf(c.sqlType));
  const kinds = types.map(kindOf);
  const values = kinds.map((k) => (k === 'text' ? null : new Float64Array(limit)));
  const textNulls = kinds.map(() => 0);
  const examples: Array<string | null> = kinds.map(() => null);
  const select = schema.columns.map((c, i) => (kinds[i] === 'text' ? `CAST(${quoteIdent(c.name)} AS VARCHAR)` : numericExpression(c)));
  let n = 0;
  try {
    n = await forEachMaterializedChunk(connection, `SELECT ${select.join(', ')} FROM ${source} LIMIT ${limit}`, (vector, count, row0) => {
      for (let j = 0; j < kinds.length; j++) {
        const column = values[j];
        if (column !== null) {
          column.set(doubleItems(vector(j), count), row0);
          continue;
        }
        const v = vector(j);
        for (let i = 0; i < count; i++) {
          const item = v.getItem(i);
          if (item === null || item === undefined) textNulls[j]++;
          else if (examples[j] === null && String(item).trim() !== '') examples[j] = String(item);
        }
      }
    });
  } catch (error) {
    throw duckDbImportError(file, error, schema.headerLines);
  }
  const profiles: ColumnProfile[] = [];
  const facts: RoleFacts[] = schema.columns.map((c, j) => {
    const column = values[j];
    const profile: ColumnProfile =
      column === null
        ? { count: n - textNulls[j], missing: textNulls[j], min: null, max: null, mean: null, std: null, distinct: null, constant: false, histogram: [] }
        : profileColumn(column, 1, 0, n);
    profiles.push(profile);
    return {
      name: c.name,
      type: types[j],
      sqlType: c.sqlType,
      nulls: profile.missing,
      valid: profile.count,
      min: profile.min,
      max: profile.max,
      onlyZeroOne: column !== null && kinds[j] === 'number' && profile.count > 0 && onlyZeroOne(column, n),
      strictlyIncreasing: column !== null && types[j] === 'integer' && profile.missing === 0 && namedLikeTime(c.name) && increasing(column, n),
      example: examples[j],
      note: schema.notes[j],
    };
  });
  const columns = suggestRoles(facts).map((info, j) => ({ ...info, profile: profiles[j] }));
  return { n, columns };
}

function onlyZeroOne(values: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === v && v !== 0 && v !== 1) return false;
  }
  return true;
}

function increasing(values: Float64Array, n: number): boolean {
  for (let i = 1; i < n; i++) if (!(values[i] > values[i - 1])) return false;
  return true;
}

async function previewCells(connection: DuckDBConnection, file: string, source: string, schema: Schema): Promise<DatasetPreview['preview']> {
  const select = schema.columns.map((c) => {
    const q = quoteIdent(c.name);
    const type = columnTypeOf(c.sqlType);
    if (type === 'timestamp') return `replace(CAST(${q} AS VARCHAR), ' ', 'T')`;
    if (type === 'boolean') return q;
    if (type === 'text') return `CAST(${q} AS VARCHAR)`;
    return `CAST(${q} AS DOUBLE)`;
  });
  try {
    const rows = (await connection.runAndReadAll(`SELECT ${select.join(', ')} FROM ${source} LIMIT ${previewRows}`)).getRowsJS();
    return rows.map((r) => r.map(jsonCell));
  } catch (error) {
    throw duckDbImportError(file, error, schema.headerLines);
  }
}

/** Parquet: exact from its metadata. CSV: uncompressed size / average bytes per line of the head. */
async function estimateRows(connection: DuckDBConnection, file: string, probe: Probe, schema: Schema): Promise<number | null> {
  if (probe.format === 'parquet') {
    const rows = (await connection.runAndReadAll(`SELECT sum(num_rows)::DOUBLE FROM parquet_file_metadata(${quoteLiteral(file)})`)).getRowsJS();
    const count = Number(rows[0]?.[0]);
    return Number.isFinite(count) ? count : null;
  }
  let lines = 0;
  for (let i = probe.text.indexOf('\n'); i >= 0; i = probe.text.indexOf('\n', i + 1)) lines++;
  if (lines === 0) return null;
  const total = probe.bytes / probe.ratio;
  return Math.max(0, Math.round((total * lines) / probe.textBytes) - schema.headerLines);
}

export function jsonCell(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}
