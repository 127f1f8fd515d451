import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { z } from 'zod';
import type { Roles } from '../../shared/domain/results';
import { AppError } from '../../shared/errors';
import { errorCodes } from '../../shared/ipc/contract';
import { datasetSummarySchema, type DatasetPreview, type DatasetSummary, type MissingReport, type Overview, type RowPage } from '../../shared/ipc/datasets';
import { readWithDuckDb } from './duckdb-reader';
import { FastCsvUnsupported, readNumericCsv } from './fast-csv';
import type { ParsedTable, ReadControl } from './parsed-table';
import { profileTable } from './profile';
import { inspectFile } from './sniff';

export interface FeatureMatrix {
  /** row-major n x d in the order of `signals`; NaN marks a missing value (the missing-value policy decides) */
  X: Float32Array;
  n: number;
  d: number;
  signals: string[];
  /** 0/1 when roles.label is set */
  labels: Uint8Array | null;
  times: Float64Array | null;
  timeKind: ParsedTable['timeKind'];
  file: string;
}

/** How a stored dataset is laid out on disk beside its summary (meta.json). */
const storedMetaSchema = z.object({
  summary: datasetSummarySchema,
  numericColumns: z.array(z.string()),
  timeColumn: z.string().nullable(),
  timeKind: z.enum(['timestamp', 'number']).nullable(),
  textColumns: z.array(z.object({ name: z.string(), reason: z.string() })),
  reader: z.enum(['fast-csv', 'duckdb']),
});
type StoredMeta = z.infer<typeof storedMetaSchema>;

/**
 * A stored dataset's meta.json, checked (a project's copy may be damaged or edited by hand); null
 * when the folder has none.
 */
async function readStoredMeta(folder: string): Promise<StoredMeta | null> {
  const file = path.join(folder, 'meta.json');
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    return storedMetaSchema.parse(JSON.parse(text));
  } catch (error) {
    const reason = error instanceof z.ZodError ? error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') : String(error);
    throw new AppError(errorCodes.importFailed, `${file} is not a stored dataset's description: ${reason}`, { file });
  }
}

type Inspection = Awaited<ReturnType<typeof inspectFile>>;

const catalogTable = '_datasets';
const idPattern = /^ds_[0-9a-f]{32}$/;

/**
 * Datasets imported into a workspace. A DuckDB file keeps the catalog; each dataset's numeric
 * columns are stored once as a row-major Float32 file beside it, so reopening is a file read, not
 * a re-import. Without a storage folder (the CLI) tables live in memory only.
 */
export class DatasetStore {
  private readonly metas = new Map<string, StoredMeta>();
  /** the last tables used, kept in memory: training and charts ask for the same one repeatedly */
  private readonly tables = new Map<string, ParsedTable>();
  private readonly inspections = new Map<string, Inspection>();
  /** datasets still being written to the storage folder */
  private readonly storing = new Map<string, Promise<void>>();
  /** datasets read in place from an open project's folder rather than from the storage folder */
  private readonly attached = new Map<string, string>();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly storageDir: string | null,
  ) {}

  static async open(databasePath: string, storageDir: string | null = null): Promise<DatasetStore> {
    const instance = await DuckDBInstance.create(databasePath);
    const connection = await instance.connect();
    await connection.run(
      `CREATE TABLE IF NOT EXISTS ${catalogTable} (
         id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, path VARCHAR NOT NULL,
         bytes BIGINT NOT NULL, row_count BIGINT, imported_at VARCHAR NOT NULL)`,
    );
    if (storageDir) await mkdir(storageDir, { recursive: true });
    return new DatasetStore(instance, connection, storageDir);
  }

  /** Waits for datasets still being stored, then closes the database. */
  async close(): Promise<void> {
    await Promise.allSettled(this.storing.values());
    this.connection.closeSync();
    this.instance.closeSync();
  }

  /** Sniffed dialect, schema, roles and first rows, from a sample of the file. */
  async inspect(file: string): Promise<DatasetPreview> {
    const connection = await this.instance.connect();
    try {
      return (await this.inspected(connection, path.resolve(file))).preview;
    } finally {
      connection.closeSync();
    }
  }

  /**
   * The import right after a preview reads the file exactly as the preview showed it: the
   * inspection is kept while the file's size and modification time stay the same.
   */
  private async inspected(connection: DuckDBConnection, file: string): Promise<Inspection> {
    const info = await stat(file).catch(() => null);
    const key = info?.isFile() ? `${file}\u0000${info.size}\u0000${info.mtimeMs}` : null;
    const cached = key ? this.inspections.get(key) : undefined;
    if (cached) return cached;
    const inspection = await inspectFile(connection, file);
    if (key) {
      this.inspections.set(key, inspection);
      if (this.inspections.size > 8) this.inspections.delete(this.inspections.keys().next().value!);
    }
    return inspection;
  }

  /**
   * Reads the whole file (plain numeric CSV through the parallel parser, anything else through
   * DuckDB), profiles every row and stores the result. A cancel or failure leaves nothing behind.
   */
  async importFile(filePath: string, displayName?: string, control: ReadControl = {}): Promise<DatasetSummary> {
    const started = performance.now();
    const file = path.resolve(filePath);
    const connection = await this.instance.connect();
    let table: ParsedTable;
    let preview: DatasetPreview;
    let reader: StoredMeta['reader'] = 'duckdb';
    try {
      const inspected = await this.inspected(connection, file);
      preview = inspected.preview;
      table = await this.read(connection, file, inspected, control).then((result) => {
        reader = result.reader;
        return result.table;
      });
    } finally {
      connection.closeSync();
    }
    if (table.n === 0) {
      throw new AppError(errorCodes.importFailed, `${file} has a header but no data rows.`, { file });
    }
    if (control.signal?.aborted) throw new AppError(errorCodes.cancelled, 'import cancelled');
    const id = `ds_${randomUUID().replaceAll('-', '')}`;
    // the values go to disk (libuv's threads) while this thread profiles them
    const written = this.writeValues(id, table);
    written.catch(() => undefined);
    const profiles = profileTable(table);
    const summary: DatasetSummary = {
      id,
      name: displayName?.trim() || preview.name,
      path: file,
      bytes: preview.bytes,
      rowCount: table.n,
      columns: preview.columns.map((column) => ({
        ...column,
        profile: profiles.get(column.name) ?? column.profile,
        nulls: profiles.get(column.name)?.missing ?? column.nulls,
      })),
      preview: preview.preview,
      dialect: preview.dialect,
      importedAt: new Date().toISOString(),
      importSeconds: (performance.now() - started) / 1000,
    };
    const meta: StoredMeta = {
      summary,
      numericColumns: table.numericColumns,
      timeColumn: table.timeColumn,
      timeKind: table.timeKind,
      textColumns: table.textColumns,
      reader,
    };
    this.metas.set(id, meta);
    this.remember(id, table);
    // The dataset is usable now; storing it finishes in the background (the table stays in memory
    // until then) and it joins the catalog only once stored, so a crash leaves no half dataset.
    const stored = this.persist(meta, written)
      .then(() =>
        this.connection.run(`INSERT INTO ${catalogTable} VALUES ($1, $2, $3, $4, $5, $6)`, [
          id,
          summary.name,
          file,
          summary.bytes,
          summary.rowCount,
          summary.importedAt,
        ]),
      )
      .then(() => undefined)
      .catch((error: unknown) => console.error(`dataset ${summary.name} is open but could not be stored: ${String(error)}`))
      .finally(() => this.storing.delete(id));
    this.storing.set(id, stored);
    return summary;
  }

  /** Resolves once every dataset imported so far is stored and catalogued. */
  async stored(): Promise<void> {
    await Promise.allSettled(this.storing.values());
  }

  async list(): Promise<Array<Pick<DatasetSummary, 'id' | 'name' | 'path' | 'bytes' | 'rowCount' | 'importedAt'>>> {
    await this.stored();
    const rows = (
      await this.connection.runAndReadAll(`SELECT id, name, path, bytes, row_count, imported_at FROM ${catalogTable} ORDER BY imported_at DESC`)
    ).getRowsJS();
    return rows.map(([id, name, file, bytes, rowCount, importedAt]) => ({
      id: String(id),
      name: String(name),
      path: String(file),
      bytes: Number(bytes),
      rowCount: Number(rowCount ?? 0),
      importedAt: String(importedAt),
    }));
  }

  /**
   * The folder a dataset is stored in (meta.json, values.f32, times.f64; never rewritten), once
   * its storing has finished: a project save copies it from there.
   */
  async storedFolder(datasetId: string): Promise<string> {
    await this.storing.get(datasetId);
    const meta = await this.meta(datasetId);
    const folder = this.folderOf(datasetId);
    if (!folder || !(await stat(path.join(folder, 'meta.json')).catch(() => null))) {
      throw new AppError(errorCodes.notFound, `dataset ${meta.summary.name} was never stored on disk: open the file again`, { datasetId });
    }
    return folder;
  }

  /**
   * Makes a dataset stored in another folder (an open project's) usable by its id, read in place:
   * opening a project copies no data. A dataset already known keeps its own copy (ids are random,
   * so the same id is the same data).
   */
  async attach(folder: string): Promise<DatasetSummary> {
    const id = path.basename(folder);
    const file = path.join(folder, 'meta.json');
    if (!idPattern.test(id)) throw new Error(`${folder} is not a stored dataset folder (its name is not a dataset id)`);
    if (this.metas.has(id)) return this.metas.get(id)!.summary;
    const meta = await readStoredMeta(folder);
    if (!meta) throw new Error(`${file} is missing: the project's copy of this dataset is incomplete`);
    if (meta.summary.id !== id) throw new Error(`${file} describes dataset ${meta.summary.id}, not ${id}`);
    this.attached.set(id, folder);
    this.metas.set(id, meta);
    return meta.summary;
  }

  private folderOf(datasetId: string): string | null {
    return this.attached.get(datasetId) ?? (this.storageDir ? path.join(this.storageDir, datasetId) : null);
  }

  async summary(datasetId: string): Promise<DatasetSummary> {
    return (await this.meta(datasetId)).summary;
  }

  /** The chosen signal columns as one row-major block, with labels and times when the roles name them. */
  async matrix(datasetId: string, roles: Roles): Promise<FeatureMatrix> {
    const meta = await this.meta(datasetId);
    const table = await this.table(datasetId);
    const file = meta.summary.path;
    const k = table.numericColumns.length;
    const indexOf = (name: string, role: string): number => {
      const index = table.numericColumns.indexOf(name);
      if (index >= 0) return index;
      const text = meta.textColumns.find((column) => column.name === name);
      if (text) {
        throw new AppError(errorCodes.importFailed, `${file}: column "${name}" cannot be a ${role}: ${text.reason}.`, { file, column: name });
      }
      throw new AppError(errorCodes.badRequest, `${file} has no numeric column "${name}" (chosen as ${role}).`, { file, column: name });
    };
    const signalIndex = roles.signals.map((name) => indexOf(name, 'signal'));
    const d = signalIndex.length;
    let X: Float32Array;
    if (d === k && signalIndex.every((index, i) => index === i)) {
      X = table.values;
    } else {
      X = new Float32Array(table.n * d);
      for (let r = 0; r < table.n; r++) {
        const from = r * k;
        const to = r * d;
        for (let s = 0; s < d; s++) X[to + s] = table.values[from + signalIndex[s]!]!;
      }
    }
    for (let s = 0; s < d; s++) {
      let any = false;
      for (let r = 0; r < table.n && !any; r++) any = !Number.isNaN(X[r * d + s]!);
      if (!any) {
        throw new AppError(errorCodes.importFailed, `${file}: signal column "${roles.signals[s]}" has no values at all; set it to ignore.`, {
          file,
          column: roles.signals[s],
        });
      }
    }
    const labels = roles.label === null ? null : this.labels(table, indexOf(roles.label, 'label'), roles.label, file);
    let times: Float64Array | null = null;
    if (roles.time !== null) {
      if (roles.time !== table.timeColumn) {
        const timeIndex = indexOf(roles.time, 'time');
        times = Float64Array.from({ length: table.n }, (_, r) => table.values[r * k + timeIndex]!);
      } else {
        times = table.times;
      }
    }
    return { X, n: table.n, d, signals: [...roles.signals], labels, times, timeKind: roles.time === table.timeColumn ? table.timeKind : 'number', file };
  }

  /** How many rows the chosen signals leave incomplete, and the first such cell. */
  async missing(datasetId: string, signals: string[]): Promise<MissingReport> {
    const table = await this.table(datasetId);
    const k = table.numericColumns.length;
    const indices = signals.map((name) => table.numericColumns.indexOf(name)).filter((index) => index >= 0);
    let rowsWithMissing = 0;
    let cellsMissing = 0;
    let first: MissingReport['first'] = null;
    for (let r = 0; r < table.n; r++) {
      let missingHere = 0;
      for (const index of indices) {
        if (Number.isNaN(table.values[r * k + index]!)) {
          missingHere++;
          first ??= { row: r, column: table.numericColumns[index]! };
        }
      }
      cellsMissing += missingHere;
      if (missingHere > 0) rowsWithMissing++;
    }
    return { rows: table.n, rowsWithMissing, cellsMissing, first };
  }

  /** Min/max envelope of one column in `width` buckets, for the split chart. */
  /** Rows [offset, offset + limit) of the stored values, cut at the end: a page of the scrolling table. */
  async rows(datasetId: string, offset: number, limit: number): Promise<RowPage> {
    const table = await this.table(datasetId);
    const k = table.numericColumns.length;
    const from = Math.min(offset, table.n);
    const to = Math.min(table.n, from + limit);
    return {
      offset: from,
      count: to - from,
      timeColumn: table.timeColumn,
      timeKind: table.timeKind,
      times: table.times ? table.times.slice(from, to) : null,
      columns: table.numericColumns,
      values: table.values.slice(from * k, to * k),
    };
  }

  async overview(datasetId: string, column: string, label: string | null, width: number): Promise<Overview> {
    const table = await this.table(datasetId);
    const k = table.numericColumns.length;
    const index = table.numericColumns.indexOf(column);
    if (index < 0) throw new AppError(errorCodes.badRequest, `no numeric column "${column}" in this dataset`, { column });
    const labelIndex = label === null ? -1 : table.numericColumns.indexOf(label);
    const bucketSize = Math.max(1, Math.ceil(table.n / width));
    const buckets = Math.ceil(table.n / bucketSize);
    const min: Array<number | null> = new Array(buckets).fill(null);
    const max: Array<number | null> = new Array(buckets).fill(null);
    const labels = labelIndex >= 0 ? new Array<number>(buckets).fill(0) : null;
    for (let r = 0; r < table.n; r++) {
      const b = Math.floor(r / bucketSize);
      const value = table.values[r * k + index]!;
      if (!Number.isNaN(value)) {
        if (min[b] === null || value < min[b]!) min[b] = value;
        if (max[b] === null || value > max[b]!) max[b] = value;
      }
      if (labels && table.values[r * k + labelIndex]! > 0) labels[b] = 1;
    }
    return { column, rowCount: table.n, bucketSize, min, max, labels };
  }

  private async read(
    connection: DuckDBConnection,
    file: string,
    inspected: Awaited<ReturnType<typeof inspectFile>>,
    control: ReadControl,
  ): Promise<{ table: ParsedTable; reader: StoredMeta['reader'] }> {
    const { preview, readOptions } = inspected;
    const dialect = preview.dialect;
    const timeColumn = preview.columns.find((column) => column.suggestedRole === 'time')?.name ?? null;
    const plainNumeric =
      dialect.format === 'csv' &&
      dialect.compression === 'none' &&
      dialect.encoding === 'utf-8' &&
      dialect.delimiter !== null &&
      dialect.delimiter.length === 1 &&
      preview.columns.every((column) => column.type !== 'text' || column.name === timeColumn);
    if (plainNumeric) {
      try {
        const table = await readNumericCsv(file, { delimiter: dialect.delimiter!, header: dialect.header, timeColumn }, control);
        return { table, reader: 'fast-csv' };
      } catch (error) {
        // The sample looked numeric but a later row did not (text, quotes): DuckDB reads anything.
        if (!(error instanceof FastCsvUnsupported)) throw error;
      }
    }
    return { table: await readWithDuckDb(connection, file, readOptions, preview, control), reader: 'duckdb' };
  }

  private labels(table: ParsedTable, index: number, name: string, file: string): Uint8Array {
    const k = table.numericColumns.length;
    const labels = new Uint8Array(table.n);
    for (let r = 0; r < table.n; r++) {
      const value = table.values[r * k + index]!;
      if (value === 1) labels[r] = 1;
      else if (value !== 0) {
        throw new AppError(
          errorCodes.importFailed,
          `${file}, data row ${r + 1}, column "${name}": expected a label of 0 or 1, found ${Number.isNaN(value) ? 'an empty cell' : `"${value}"`}.`,
          { file, row: r + 1, column: name },
        );
      }
    }
    return labels;
  }

  private async meta(datasetId: string): Promise<StoredMeta> {
    const cached = this.metas.get(datasetId);
    if (cached) return cached;
    if (idPattern.test(datasetId) && this.storageDir) {
      const meta = await readStoredMeta(path.join(this.storageDir, datasetId));
      if (meta) {
        this.metas.set(datasetId, meta);
        return meta;
      }
    }
    throw new AppError(errorCodes.notFound, `no dataset with id ${datasetId}: open the file again`, { datasetId });
  }

  private async table(datasetId: string): Promise<ParsedTable> {
    const cached = this.tables.get(datasetId);
    if (cached) return cached;
    const meta = await this.meta(datasetId);
    const folder = this.folderOf(datasetId);
    if (!folder) throw new AppError(errorCodes.notFound, `dataset ${datasetId} is no longer in memory`);
    const valuesFile = path.join(folder, 'values.f32');
    const values = float32View(await readFile(valuesFile));
    const cells = meta.summary.rowCount * meta.numericColumns.length;
    if (values.length !== cells) {
      throw new AppError(errorCodes.importFailed, `${valuesFile} holds ${values.length} values where the dataset has ${cells}: its copy is damaged`, { file: valuesFile });
    }
    const times = meta.timeColumn ? float64View(await readFile(path.join(folder, 'times.f64'))) : null;
    const table: ParsedTable = {
      n: meta.summary.rowCount,
      numericColumns: meta.numericColumns,
      values,
      timeColumn: meta.timeColumn,
      timeKind: meta.timeKind,
      times,
      textColumns: meta.textColumns,
    };
    this.remember(datasetId, table);
    return table;
  }

  private remember(datasetId: string, table: ParsedTable): void {
    this.tables.delete(datasetId);
    this.tables.set(datasetId, table);
    // Keep two tables at most: a laptop holds a few GB, and the rest are a file read away.
    for (const id of [...this.tables.keys()]) {
      if (this.tables.size <= 2) break;
      // a table with no folder (the CLI's, in memory only) cannot be read again
      if (this.folderOf(id) && !this.storing.has(id)) this.tables.delete(id);
    }
  }

  private partialFolder(id: string): string {
    return path.join(this.storageDir!, `${id}.partial`);
  }

  private async writeValues(id: string, table: ParsedTable): Promise<void> {
    if (!this.storageDir) return;
    const partial = this.partialFolder(id);
    await mkdir(partial, { recursive: true });
    await writeFile(path.join(partial, 'values.f32'), new Uint8Array(table.values.buffer, table.values.byteOffset, table.values.byteLength));
    if (table.times) await writeFile(path.join(partial, 'times.f64'), new Uint8Array(table.times.buffer, table.times.byteOffset, table.times.byteLength));
  }

  /** Written to a temporary folder and renamed into place, so a crash never leaves half a dataset. */
  private async persist(meta: StoredMeta, values: Promise<void>): Promise<void> {
    if (!this.storageDir) return;
    const id = meta.summary.id;
    const partial = this.partialFolder(id);
    try {
      await values;
      await writeFile(path.join(partial, 'meta.json'), JSON.stringify(meta));
      await rename(partial, path.join(this.storageDir, id));
    } catch (error) {
      await rm(partial, { recursive: true, force: true });
      throw new AppError(errorCodes.importFailed, `could not store the imported data in ${this.storageDir}: ${String(error)}`, {
        file: meta.summary.path,
      });
    }
  }
}

function float32View(buffer: Buffer): Float32Array {
  if (buffer.byteOffset % 4 === 0) return new Float32Array(buffer.buffer, buffer.byteOffset, buffer.byteLength / 4);
  return new Float32Array(new Uint8Array(buffer).buffer);
}

function float64View(buffer: Buffer): Float64Array {
  if (buffer.byteOffset % 8 === 0) return new Float64Array(buffer.buffer, buffer.byteOffset, buffer.byteLength / 8);
  return new Float64Array(new Uint8Array(buffer).buffer);
}

/** Times as text for CSV output: ISO 8601 for timestamps, the number itself otherwise. */
export function formatTime(value: number, kind: ParsedTable['timeKind']): string {
  if (Number.isNaN(value)) return '';
  if (kind === 'timestamp') return new Date(value).toISOString().replace('.000Z', 'Z');
  return String(value);
}
