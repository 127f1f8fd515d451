import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { mulberry32 } from '../../../shared/random';
import { FastCsvUnsupported, readNumericCsv } from '.';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lens-fastcsv-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const target = path.join(dir, name);
  await writeFile(target, text);
  return target;
}

const plain = (values: Float32Array) => Array.from(values, (v) => (Number.isNaN(v) ? null : v));

describe('readNumericCsv', () => {
  it('reads header, delimiters, CRLF, a missing final newline, blank trailing lines and missing values', async () => {
    for (const delimiter of [',', '\t', ';', '|']) {
      const text = ['a', 'b', 'c'].join(delimiter) + '\r\n' + ['1', '-2.5', ''].join(delimiter) + '\r\n' + ['NaN', '+3e2', 'inf'].join(delimiter) + '\n' + ['true', 'false', '.5'].join(delimiter) + '\n\n';
      const table = await readNumericCsv(await file(`d${delimiter.charCodeAt(0)}.csv`, text), { delimiter, header: true, timeColumn: null });
      expect(table.n).toBe(3);
      expect(table.numericColumns).toEqual(['a', 'b', 'c']);
      expect(plain(table.values)).toEqual([1, -2.5, null, null, 300, null, 1, 0, 0.5]);
    }
    const noHeader = await readNumericCsv(await file('nohead.csv', '1,2\n3,4'), { delimiter: ',', header: false, timeColumn: null });
    expect(noHeader.numericColumns).toEqual(['column0', 'column1']);
    expect(plain(noHeader.values)).toEqual([1, 2, 3, 4]);
  });

  it('parses ISO times to epoch ms with and without zone and millis, and numeric time columns', async () => {
    const text = 'time,v\n2024-03-01T00:01:00,1\n2024-03-01 00:02:00Z,2\n2024-03-01T00:03:00.5+01:00,3\n2024-03-01T00:04:00-0230,4\n2024-03-01,5\n';
    const table = await readNumericCsv(await file('times.csv', text), { delimiter: ',', header: true, timeColumn: 'time' });
    expect(table.timeKind).toBe('timestamp');
    expect(Array.from(table.times!)).toEqual([
      Date.UTC(2024, 2, 1, 0, 1),
      Date.UTC(2024, 2, 1, 0, 2),
      Date.UTC(2024, 2, 1, 0, 3, 0, 500) - 3_600_000,
      Date.UTC(2024, 2, 1, 0, 4) + 150 * 60_000,
      Date.UTC(2024, 2, 1),
    ]);
    expect(table.numericColumns).toEqual(['v']);
    const numeric = await readNumericCsv(await file('t.csv', 't,v\n0,1\n1,2\n'), { delimiter: ',', header: true, timeColumn: 't' });
    expect(numeric.timeKind).toBe('number');
    expect(Array.from(numeric.times!)).toEqual([0, 1]);
  });

  it('parses numbers exactly like Number() rounded to float32', async () => {
    const random = mulberry32(17);
    const texts: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const digits = 1 + Math.floor(random() * 15);
      const mantissa = Math.floor(random() * 10 ** digits);
      const scale = Math.floor(random() * 30) - 15;
      const sign = random() < 0.5 ? '-' : '';
      texts.push(random() < 0.3 ? `${sign}${mantissa}e${scale}` : `${sign}${(mantissa * 10 ** Math.min(scale, 0)).toFixed(Math.max(0, -scale))}`);
    }
    const text = `x\n${texts.join('\n')}\n`;
    const table = await readNumericCsv(await file('numbers.csv', text), { delimiter: ',', header: true, timeColumn: null });
    const expected = texts.map((t) => Math.fround(Number(t)));
    let mismatches = 0;
    table.values.forEach((value, i) => {
      if (value !== expected[i]) mismatches++;
    });
    expect(mismatches).toBe(0);
  });

  it('gives the same table with 1 to 4 workers', async () => {
    const random = mulberry32(3);
    const lines = ['t,a,b,c'];
    for (let r = 0; r < 50_000; r++) lines.push(`${r},${(random() * 100).toFixed(4)},${random() < 0.01 ? '' : (random() - 0.5).toExponential(3)},${Math.floor(random() * 9)}`);
    const target = await file('workers.csv', lines.join('\n'));
    const one = await readNumericCsv(target, { delimiter: ',', header: true, timeColumn: 't', workers: 1 });
    for (const workers of [2, 3, 4]) {
      const many = await readNumericCsv(target, { delimiter: ',', header: true, timeColumn: 't', workers });
      expect(many.n).toBe(50_000);
      expect(plain(many.values)).toEqual(plain(one.values));
      expect(Array.from(many.times!)).toEqual(Array.from(one.times!));
    }
  });

  it('matches DuckDB reading the same file', async () => {
    const random = mulberry32(5);
    const lines = ['a,b,c'];
    for (let r = 0; r < 5000; r++) lines.push([random() * 1e4, (random() - 0.5) * 1e-3, Math.round(random() * 1000)].map((v) => v.toPrecision(7)).join(','));
    const target = await file('duck.csv', lines.join('\n'));
    const ours = await readNumericCsv(target, { delimiter: ',', header: true, timeColumn: null });
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const rows = (await connection.runAndReadAll(`SELECT a::FLOAT, b::FLOAT, c::FLOAT FROM read_csv('${target}')`)).getRows();
    connection.closeSync();
    instance.closeSync();
    expect(Array.from(ours.values)).toEqual(rows.flat().map(Number));
  });

  it('declines text and quotes with the row and column, so DuckDB can read the file instead', async () => {
    const text = await file('text.csv', 'a,b\n1,2\n3,pump\n');
    await expect(readNumericCsv(text, { delimiter: ',', header: true, timeColumn: null })).rejects.toMatchObject({
      name: 'FastCsvUnsupported',
      row: 2,
      column: 'b',
    });
    const quoted = await file('quoted.csv', 'a,b\n1,2\n3,4\n5,"6"\n');
    const error = await readNumericCsv(quoted, { delimiter: ',', header: true, timeColumn: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FastCsvUnsupported);
    expect(error).toMatchObject({ reason: 'a quoted field', row: 3, column: 'b' });
  });

  it('names the file and row of a ragged line', async () => {
    const target = await file('ragged.csv', 'a,b\n1,2\n3,4,5\n6,7\n');
    const error = await readNumericCsv(target, { delimiter: ',', header: true, timeColumn: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe(`${target}: line 3 (data row 2) has 3 values; the header has 2.`);
    expect((error as AppError).details).toEqual({ file: target, row: 2, line: 3, expected: 2, found: 3 });
  });

  it('stops when cancelled and says so', async () => {
    const lines = ['a,b'];
    for (let r = 0; r < 400_000; r++) lines.push(`${r},${r * 0.5}`);
    const target = await file('long.csv', lines.join('\n'));
    const abort = new AbortController();
    abort.abort();
    await expect(readNumericCsv(target, { delimiter: ',', header: true, timeColumn: null }, { signal: abort.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    const progress: number[] = [];
    const table = await readNumericCsv(target, { delimiter: ',', header: true, timeColumn: null }, { onProgress: (done, total) => progress.push(done / total) });
    expect(table.n).toBe(400_000);
    expect(progress.at(-1)).toBe(1);
  });
});

describe('column statistics gathered while parsing', () => {
  it('equal a separate pass over the parsed values, with 1 and 3 workers', async () => {
    const { profileTable } = await import('../profile');
    const random = mulberry32(23);
    const lines = ['a,b,c'];
    for (let r = 0; r < 30_000; r++) lines.push(`${(1e6 + random()).toFixed(6)},${random() < 0.05 ? '' : (random() * 10 - 5).toFixed(3)},${r % 4}`);
    const target = path.join(dir, 'stats.csv');
    await writeFile(target, lines.join('\n'));
    for (const workers of [1, 3]) {
      const table = await readNumericCsv(target, { delimiter: ',', header: true, timeColumn: null, workers });
      expect(table.columnStats).toBeDefined();
      const gathered = profileTable(table);
      const separate = profileTable({ ...table, columnStats: undefined });
      for (const name of ['a', 'b', 'c']) {
        const g = gathered.get(name)!;
        const s = separate.get(name)!;
        expect(g).toMatchObject({ count: s.count, missing: s.missing, min: s.min, max: s.max, distinct: s.distinct, histogram: s.histogram });
        expect(g.mean!).toBeCloseTo(s.mean!, 6);
        expect(g.std!).toBeCloseTo(s.std!, 6);
      }
    }
  });
});
