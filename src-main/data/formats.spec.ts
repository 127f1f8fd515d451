import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { errorCodes } from '../../shared/ipc/contract';
import { readWithDuckDb } from './duckdb-reader';
import { inspectFile } from './sniff';
import { quoteLiteral } from './sql';

const header = ['temp°C', 'pressure', 'flow'];
const table = [
  [1.5, 2, -3.25],
  [4, 5.5, 6],
  [7.125, -8, 9],
  [10, 11, 12.5],
];

let instance: DuckDBInstance;
let connection: DuckDBConnection;
let dir: string;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  dir = await mkdtemp(path.join(tmpdir(), 'lens-formats-'));
});
afterAll(async () => {
  connection.closeSync();
  instance.closeSync();
  await rm(dir, { recursive: true, force: true });
});

const text = (delimiter: string, quoteAll = false, withHeader = true) => {
  const cell = (v: string | number) => (quoteAll ? `"${v}"` : String(v));
  const lines = table.map((r) => r.map(cell).join(delimiter));
  return (withHeader ? [header.map(cell).join(delimiter), ...lines] : lines).join('\n') + '\n';
};

const formats: Record<string, () => Promise<Buffer | null>> = {
  'comma.csv': async () => Buffer.from(text(',')),
  'tab.tsv': async () => Buffer.from(text('\t')),
  'semicolon.csv': async () => Buffer.from(text(';')),
  'pipe.csv': async () => Buffer.from(text('|')),
  'quoted.csv': async () => Buffer.from(text(',', true)),
  'no-header.csv': async () => Buffer.from(text(',', false, false)),
  'bom.csv': async () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text(','))]),
  'latin1.csv': async () => Buffer.from(text(','), 'latin1'),
  'gzip.csv.gz': async () => gzipSync(Buffer.from(text(','))),
  'table.parquet': async () => {
    await connection.run(
      `COPY (SELECT * FROM read_csv(${quoteLiteral(path.join(dir, 'comma.csv'))})) TO ${quoteLiteral(path.join(dir, 'table.parquet'))} (FORMAT parquet)`,
    );
    return null;
  },
};

describe('every format reads to the same matrix', () => {
  it('CSV, TSV, semicolon, pipe, quoted, no header, BOM, Latin-1, gzip and Parquet', async () => {
    const expected = Float32Array.from(table.flat());
    for (const [name, make] of Object.entries(formats)) {
      const file = path.join(dir, name);
      const content = await make();
      if (content) await writeFile(file, content);
      const { preview, readOptions } = await inspectFile(connection, file);
      const parsed = await readWithDuckDb(connection, file, readOptions, preview);
      expect(parsed.n, name).toBe(4);
      expect(Array.from(parsed.values), name).toEqual(Array.from(expected));
      const names = name === 'no-header.csv' ? ['column0', 'column1', 'column2'] : header;
      expect(parsed.numericColumns, name).toEqual(names);
      expect(preview.dialect.format, name).toBe(name.endsWith('.parquet') ? 'parquet' : 'csv');
      if (name === 'latin1.csv') expect(preview.dialect.encoding).toBe('latin-1');
      if (name === 'gzip.csv.gz') expect(preview.dialect.compression).toBe('gzip');
      if (name === 'tab.tsv') expect(preview.dialect.delimiter).toBe('\t');
    }
  });
});

describe('the development datasets', () => {
  const datasets = '/work/shared/datasets';
  it('NAB: timestamp is time, value a signal, label the label', async () => {
    const file = path.join(datasets, 'nab-machine-temperature.csv');
    const started = performance.now();
    const { preview, readOptions } = await inspectFile(connection, file);
    console.log(`inspect ${path.basename(file)}: ${(performance.now() - started).toFixed(0)} ms`);
    expect(preview.columns.map((c) => [c.name, c.suggestedRole])).toEqual([
      ['timestamp', 'time'],
      ['value', 'signal'],
      ['label', 'label'],
    ]);
    const parsed = await readWithDuckDb(connection, file, readOptions, preview);
    expect(parsed.timeKind).toBe('timestamp');
    expect(parsed.times![0]).toBe(Date.UTC(2013, 11, 2, 21, 15));
    expect(parsed.numericColumns).toEqual(['value', 'label']);
    expect(Math.abs(parsed.n - preview.rowEstimate!) / parsed.n).toBeLessThan(0.05);
  });

  it('SMD: t is time, f00..f37 signals, label the label', async () => {
    const file = path.join(datasets, 'smd-machine-1-7-test.csv');
    const started = performance.now();
    const { preview } = await inspectFile(connection, file);
    console.log(`inspect ${path.basename(file)}: ${(performance.now() - started).toFixed(0)} ms`);
    const roles = Object.fromEntries(preview.columns.map((c) => [c.name, c.suggestedRole]));
    expect(roles.t).toBe('time');
    expect(roles.label).toBe('label');
    const signals = preview.columns.filter((c) => c.suggestedRole === 'signal').map((c) => c.name);
    expect(signals).toEqual(Array.from({ length: 38 }, (_, i) => `f${String(i).padStart(2, '0')}`));
    expect(preview.sampled).toBe(true);
  });
});

describe('the DuckDB reader', () => {
  it('reports progress and cancels cleanly', async () => {
    const file = path.join(dir, 'many.csv');
    const rows = Array.from({ length: 400_000 }, (_, i) => `${i},${(i % 97) / 7},${(i % 13) * 1.5},x${i % 3}`);
    await writeFile(file, `t,a,b,tag\n${rows.join('\n')}\n`);
    const { preview, readOptions } = await inspectFile(connection, file);
    const reports: number[] = [];
    const full = await readWithDuckDb(connection, file, readOptions, preview, { onProgress: (_b, _t, r) => reports.push(r) });
    expect(full.n).toBe(400_000);
    expect(full.timeColumn).toBe('t');
    expect(full.textColumns).toEqual([{ name: 'tag', reason: "text: 'x0' is not a number" }]);
    expect(reports.at(-1)).toBe(400_000);

    const controller = new AbortController();
    const reading = readWithDuckDb(connection, file, readOptions, preview, { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    const error = await reading.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(errorCodes.cancelled);
    // the connection still works and holds no table
    const tables = (await connection.runAndReadAll('SELECT count(*)::INTEGER FROM duckdb_tables()')).getRowsJS();
    expect(tables[0][0]).toBe(0);
  });
});
