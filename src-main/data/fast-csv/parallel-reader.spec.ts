import { mkdtemp, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { mulberry32 } from '../../../shared/random';
import { FastCsvUnsupported, readNumericCsv, type FastCsvOptions } from '.';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lens-parallel-csv-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let serial = 0;
async function csv(text: string | Buffer): Promise<string> {
  const target = path.join(dir, `f${serial++}.csv`);
  await writeFile(target, text);
  return target;
}

const options = (extra: Partial<FastCsvOptions> = {}): FastCsvOptions => ({ delimiter: ',', header: true, timeColumn: null, ...extra });
const plain = (values: ArrayLike<number>) => Array.from(values, (v) => (Number.isNaN(v) ? null : v));
const failureOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);

/** rows of `a,b,c` plain numbers, ~30 bytes each */
function numericLines(rows: number, seed = 1): string[] {
  const random = mulberry32(seed);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) lines.push(`${(random() * 100).toFixed(3)},${(random() - 0.5).toExponential(4)},${r}`);
  return lines;
}

describe('readNumericCsv: small files', () => {
  it('reads a UTF-8 BOM, a quoted header, spaces, booleans and a time column in the middle', async () => {
    const table = await readNumericCsv(await csv('\ufeff"x", t ,flag\n 1.5 ,3,TRUE\r\n-2,4,false\r\n'), options({ timeColumn: 't' }));
    expect(table).toMatchObject({ n: 2, numericColumns: ['x', 'flag'], timeColumn: 't', timeKind: 'number', textColumns: [] });
    expect(plain(table.values)).toEqual([1.5, 1, -2, 0]);
    expect(Array.from(table.times!)).toEqual([3, 4]);
  });

  it('names columns column0.. without a header and finds the time column by that name', async () => {
    const table = await readNumericCsv(await csv('2024-01-01T00:00:00,1|2\n'.replace(',', '|')), options({ delimiter: '|', header: false, timeColumn: 'column0' }));
    expect(table.numericColumns).toEqual(['column1', 'column2']);
    expect(table.timeKind).toBe('timestamp');
    expect(Array.from(table.times!)).toEqual([Date.UTC(2024, 0, 1)]);
  });

  it('keeps missing times as NaN and reads a file that is only a header', async () => {
    const table = await readNumericCsv(await csv('t;v\n2024-01-01 10:00;1\n;2\n'), options({ delimiter: ';', timeColumn: 't' }));
    expect(plain(table.times!)).toEqual([Date.UTC(2024, 0, 1, 10), null]);
    const empty = await readNumericCsv(await csv('a,b\n'), options());
    expect(empty).toMatchObject({ n: 0, numericColumns: ['a', 'b'] });
    expect(empty.values.length).toBe(0);
  });

  it('reads tab-separated values and blank lines between rows', async () => {
    const table = await readNumericCsv(await csv('a\tb\n1\t2\n\n3\t4\n\r\n'), options({ delimiter: '\t' }));
    expect(plain(table.values)).toEqual([1, 2, 3, 4]);
  });

  it('stores values beyond float32 as missing', async () => {
    const table = await readNumericCsv(await csv('a\n1e39\n-1e39\n3.4e38\n'), options());
    expect(plain(table.values)).toEqual([null, null, Math.fround(3.4e38)]);
  });
});

describe('readNumericCsv: large files, errors far from the start', () => {
  it('declines text found by a worker with its data row and column', async () => {
    const lines = numericLines(200_000); // ~6 MB: the text row lies past the first-MB check
    lines[150_000] = lines[150_000]!.replace(/,[^,]*,/, ',pump,');
    const target = await csv(`a,b,c\n${lines.join('\n')}\n`);
    for (const workers of [1, 3]) {
      const error = await failureOf(readNumericCsv(target, options({ workers })));
      expect(error).toBeInstanceOf(FastCsvUnsupported);
      expect(error).toMatchObject({ reason: 'text "pump"', row: 150_001, column: 'b' });
    }
  });

  it('reports the earliest ragged row with its line, counting blank lines', async () => {
    const lines = numericLines(200_000);
    lines[10] = '';
    lines[120_000] = `${lines[120_000]},7`;
    lines[190_000] = '1,2';
    const target = await csv(`a,b,c\n${lines.join('\n')}\n`);
    for (const workers of [1, 2, 4]) {
      const error = (await failureOf(readNumericCsv(target, options({ workers })))) as AppError;
      expect(error).toBeInstanceOf(AppError);
      expect(error.code).toBe('IMPORT_FAILED');
      // line 120_002 of the file: header + 120_000 lines before it, one of them blank
      expect(error.message).toBe(`${target}: line 120002 (data row 120000) has 4 values; the header has 3.`);
      expect(error.details).toEqual({ file: target, row: 120_000, line: 120_002, expected: 3, found: 4 });
    }
  });

  it('reads the same as DuckDB on a mid-size file with missing values and times', async () => {
    const random = mulberry32(8);
    const lines = ['t,a,b,c,d'];
    const start = Date.UTC(2023, 5, 1);
    for (let r = 0; r < 100_000; r++) {
      const cell = (v: string) => (random() < 0.02 ? '' : v);
      const t = new Date(start + r * 1500).toISOString().replace('T', ' ').slice(0, 23);
      lines.push([t, cell((random() * 1e4).toFixed(2)), cell(((random() - 0.5) * 1e-3).toPrecision(9)), cell(String(Math.round((random() - 0.5) * 1e6))), cell((random() * 1e30).toExponential(6))].join(','));
    }
    const target = await csv(lines.join('\r\n'));
    const ours = await readNumericCsv(target, options({ timeColumn: 't', workers: 2 }));
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const result = await connection.runAndReadAll(
      `SELECT epoch_ms(t::TIMESTAMP)::DOUBLE, a::FLOAT, b::FLOAT, c::FLOAT, d::FLOAT FROM read_csv('${target}', header = true, all_varchar = true)`,
    );
    const rows = result.getRows();
    connection.closeSync();
    instance.closeSync();
    expect(ours.n).toBe(rows.length);
    expect(plain(ours.times!)).toEqual(rows.map((row) => Number(row[0])));
    expect(plain(ours.values)).toEqual(rows.flatMap((row) => row.slice(1).map((v) => (v === null ? null : Number(v)))));
  });
});

describe('readNumericCsv: control', () => {
  async function bigFile(): Promise<string> {
    return csv(`a,b,c\n${numericLines(600_000, 4).join('\n')}\n`);
  }

  it('reports progress at most every ~100 ms and ends at the file size', async () => {
    const target = await bigFile();
    const reports: Array<[number, number, number]> = [];
    const table = await readNumericCsv(target, options({ workers: 2 }), { onProgress: (...args) => reports.push(args) });
    expect(table.n).toBe(600_000);
    const last = reports.at(-1)!;
    expect(last[0]).toBe(last[1]);
    expect(last[2]).toBe(600_000);
  });

  it('stops within ~100 ms of an abort and rejects with CANCELLED', async () => {
    const target = await bigFile();
    const abort = new AbortController();
    let abortedAt = 0;
    const error = (await failureOf(
      readNumericCsv(target, options({ workers: 2 }), {
        signal: abort.signal,
        onProgress: () => {
          if (!abortedAt) {
            abortedAt = performance.now();
            abort.abort();
          }
        },
      }),
    )) as AppError;
    const took = performance.now() - abortedAt;
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('CANCELLED');
    expect(took).toBeLessThan(300);
  });

  it('names the file when it is deleted or cut while it is read', async () => {
    for (const change of ['delete', 'truncate'] as const) {
      const target = await bigFile();
      let done = false;
      const error = (await failureOf(
        readNumericCsv(target, options({ workers: 2 }), {
          onProgress: () => {
            if (done) return;
            done = true;
            void (change === 'delete' ? unlink(target) : truncate(target, 1000));
          },
        }),
      )) as AppError;
      expect(error).toBeInstanceOf(AppError);
      expect(error.code).toBe('IMPORT_FAILED');
      expect(error.message).toContain(target);
      expect(error.details).toMatchObject({ file: target });
    }
  });

  it('names a file that does not exist', async () => {
    const missing = path.join(dir, 'missing.csv');
    const error = (await failureOf(readNumericCsv(missing, options()))) as AppError;
    expect(error).toMatchObject({ code: 'IMPORT_FAILED', details: { file: missing } });
  });
});
