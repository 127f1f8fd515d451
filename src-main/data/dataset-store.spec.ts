import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Roles } from '../../shared/domain/results';
import { AppError } from '../../shared/errors';
import { errorCodes } from '../../shared/ipc/contract';
import { datasetSummarySchema, type DatasetSummary } from '../../shared/ipc/datasets';
import { DatasetStore, formatTime } from './dataset-store';

const datasets = '/work/shared/datasets';
const smdFile = path.join(datasets, 'smd-machine-1-7-test.csv');
const nabFile = path.join(datasets, 'nab-machine-temperature.csv');

function suggested(summary: DatasetSummary): Roles {
  const of = (role: string) => summary.columns.filter((c) => c.suggestedRole === role).map((c) => c.name);
  return { time: of('time')[0] ?? null, label: of('label')[0] ?? null, signals: of('signal') };
}

/** The CSV split by hand: header and rows of text cells. */
async function parseByHand(file: string): Promise<{ header: string[]; rows: string[][] }> {
  const lines = (await readFile(file, 'utf8')).split(/\r?\n/).filter((l) => l.length > 0);
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

async function importError(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an AppError');
}

let store: DatasetStore;
let dir: string;

beforeAll(async () => {
  store = await DatasetStore.open(':memory:');
  dir = await mkdtemp(path.join(tmpdir(), 'lens-data-'));
});
afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function csv(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

describe('SMD machine-1-7 test file', () => {
  it('suggests t -> time, f00..f37 -> signal, label -> label, and the matrix holds the file values', async () => {
    const t0 = performance.now();
    const summary = await store.importFile(smdFile);
    const roles = suggested(summary);
    const m = await store.matrix(summary.id, roles);
    const ms = performance.now() - t0;
    console.log(`SMD test file ${m.n} x ${m.d}: import + matrix ${ms.toFixed(0)} ms`);

    expect(datasetSummarySchema.parse(summary)).toEqual(summary);
    expect(summary.rowCount).toBe(23697);
    expect(summary.name).toBe('smd-machine-1-7-test.csv');
    expect(roles.time).toBe('t');
    expect(roles.label).toBe('label');
    expect(roles.signals).toEqual(Array.from({ length: 38 }, (_, i) => `f${String(i).padStart(2, '0')}`));
    expect(summary.columns.find((c) => c.name === 't')?.reason).toBe('monotonic row index named t');
    expect(summary.columns.find((c) => c.name === 'label')?.reason).toBe('only 0 and 1, named label');
    expect(summary.columns.find((c) => c.name === 'f37')?.reason).toMatch(/constant/);
    expect(summary.preview).toHaveLength(50);

    expect(m.n).toBe(23697);
    expect(m.d).toBe(38);
    const { header, rows } = await parseByHand(smdFile);
    for (const [r, name] of [[0, 'f00'], [1, 'f09'], [12345, 'f17'], [23696, 'f36'], [5000, 'f05']] as const) {
      const j = m.signals.indexOf(name);
      expect(m.X[r * m.d + j]).toBeCloseTo(Number(rows[r][header.indexOf(name)]), 6);
    }
    const labelColumn = header.indexOf('label');
    const expectedPositives = rows.filter((r) => r[labelColumn] === '1').length;
    expect(m.labels?.reduce((a, b) => a + b, 0)).toBe(expectedPositives);
    expect(m.times?.[23696]).toBe(Number(rows[23696][0]));
  });
});

describe('NAB machine temperature', () => {
  it('suggests timestamp -> time, value -> signal, label -> label, times as epoch milliseconds', async () => {
    const summary = await store.importFile(nabFile, 'Machine temperature');
    expect(summary.name).toBe('Machine temperature');
    const roles = suggested(summary);
    expect(roles).toEqual({ time: 'timestamp', label: 'label', signals: ['value'] });
    expect(summary.columns[0]).toMatchObject({ type: 'timestamp', reason: 'parseable timestamps' });
    expect(summary.preview[0][0]).toBe('2013-12-02T21:15:00');
    const m = await store.matrix(summary.id, roles);
    const { rows } = await parseByHand(nabFile);
    expect(m.n).toBe(rows.length);
    for (const r of [0, 1, 777, rows.length - 1]) {
      expect(m.X[r]).toBeCloseTo(Number(rows[r][1]), 4);
      expect(m.labels?.[r]).toBe(Number(rows[r][2]));
    }
    expect(m.times?.[1]).toBe(Date.UTC(2013, 11, 2, 21, 20));
    expect(formatTime(m.times![1]!, m.timeKind)).toBe('2013-12-02T21:20:00Z');
  });

  it('gives any page of the stored rows, cut at the end, with its times', async () => {
    const summary = await store.importFile(nabFile);
    const { rows } = await parseByHand(nabFile);
    const page = await store.rows(summary.id, 777, 3);
    expect(page).toMatchObject({ offset: 777, count: 3, timeColumn: 'timestamp', timeKind: 'timestamp', columns: ['value', 'label'] });
    for (let i = 0; i < 3; i++) {
      expect(page.values[i * 2]).toBeCloseTo(Number(rows[777 + i]![1]), 4);
      expect(page.values[i * 2 + 1]).toBe(Number(rows[777 + i]![2]));
      expect(formatTime(page.times![i]!, page.timeKind)).toBe(`${rows[777 + i]![0]!.replace(' ', 'T')}Z`);
    }
    const last = await store.rows(summary.id, rows.length - 2, 1000);
    expect([last.offset, last.count, last.values.length]).toEqual([rows.length - 2, 2, 4]);
    expect((await store.rows(summary.id, rows.length + 5, 10)).count).toBe(0);
  });

  it('summary() returns the same dataset again and NOT_FOUND for an unknown id', async () => {
    const summary = await store.importFile(nabFile);
    expect((await store.summary(summary.id)).rowCount).toBe(summary.rowCount);
    const error = await importError(store.summary('ds_00000000000000000000000000000000'));
    expect(error.code).toBe(errorCodes.notFound);
    expect((await importError(store.summary('x"; DROP TABLE _datasets; --'))).code).toBe(errorCodes.notFound);
  });
});

describe('small files', () => {
  it('keeps missing and infinite values as NaN for the missing-value policy to decide', async () => {
    const file = await csv('gaps.csv', 'time,a,b,c\n1,,1,x\n2,,2,y\n3,5,,z\n4,6,inf,w\n5,NA,7,v\n');
    const summary = await store.importFile(file);
    const roles = suggested(summary);
    expect(roles).toEqual({ time: 'time', label: null, signals: ['a', 'b'] });
    expect(summary.columns.find((c) => c.name === 'c')).toMatchObject({ type: 'text', suggestedRole: 'ignore' });
    expect(summary.columns.find((c) => c.name === 'a')?.nulls).toBe(3);
    const m = await store.matrix(summary.id, roles);
    expect(Array.from(m.X).map((v) => (Number.isNaN(v) ? null : v))).toEqual([null, 1, null, 2, 5, null, 6, null, null, 7]);
    expect(Array.from(m.times ?? [])).toEqual([1, 2, 3, 4, 5]);
    const report = await store.missing(summary.id, roles.signals);
    expect(report).toEqual({ rows: 5, rowsWithMissing: 5, cellsMissing: 5, first: { row: 0, column: 'a' } });
  });

  it('a text column chosen as signal is an error naming file and column', async () => {
    const file = await csv('text.csv', 'a,name\n1,pump\n2,valve\n');
    const summary = await store.importFile(file);
    const error = await importError(store.matrix(summary.id, { time: null, label: null, signals: ['a', 'name'] }));
    expect(error.code).toBe(errorCodes.importFailed);
    expect(error.message).toContain(file);
    expect(error.message).toContain('"name"');
    expect(error.details).toMatchObject({ file, column: 'name' });
  });

  it('a signal with no value at all is an error naming file and column', async () => {
    const file = await csv('empty-column.csv', 'a,b\n1,\n2,\n');
    const summary = await store.importFile(file);
    expect(summary.columns[1]).toMatchObject({ suggestedRole: 'ignore', reason: 'empty: every value is missing' });
    const error = await importError(store.matrix(summary.id, { time: null, label: null, signals: ['a', 'b'] }));
    expect(error.details).toMatchObject({ file, column: 'b' });
  });

  it('a bad label value is an error naming file, 1-based data row, column and what was expected', async () => {
    const file = await csv('labels.csv', 'x,label\n1.5,0\n2.5,1\n3.5,2\n4.5,0\n');
    const summary = await store.importFile(file);
    // 2 is not a label value, so label is not suggested
    expect(suggested(summary).label).toBeNull();
    const error = await importError(store.matrix(summary.id, { time: null, label: 'label', signals: ['x'] }));
    expect(error.code).toBe(errorCodes.importFailed);
    expect(error.details).toEqual({ file, row: 3, column: 'label' });
    expect(error.message).toMatch(/row 3/);
    expect(error.message).toMatch(/"2"/);
    expect(error.message).toMatch(/expected a label of 0 or 1/);
  });

  it('text labels true/false are read as 1/0; the label is suggested only for 0/1 columns named like one', async () => {
    const file = await csv('bool.csv', 'x,is_anomaly,flag\n1,true,0\n2,false,1\n3,false,1\n');
    const summary = await store.importFile(file);
    expect(suggested(summary)).toEqual({ time: null, label: 'is_anomaly', signals: ['x', 'flag'] });
    const m = await store.matrix(summary.id, suggested(summary));
    expect(Array.from(m.labels ?? [])).toEqual([1, 0, 0]);
  });

  it('only one time column is suggested; ids are ignored; a non-increasing t is a signal', async () => {
    const file = await csv('ids.csv', 'index,t,id,v\n0,5,10,1\n1,4,11,2\n2,6,12,3\n');
    const summary = await store.importFile(file);
    const role = Object.fromEntries(summary.columns.map((c) => [c.name, c.suggestedRole]));
    expect(role).toEqual({ index: 'time', t: 'signal', id: 'ignore', v: 'signal' });
  });

  it('handles quotes in file and column names', async () => {
    const file = await csv(`it's "odd" [1] *.csv`, '"a ""b""",c\n1,2\n3,4\n');
    const summary = await store.importFile(file);
    expect(summary.columns.map((c) => c.name)).toEqual(['a "b"', 'c']);
    const m = await store.matrix(summary.id, { time: null, label: null, signals: ['a "b"', 'c'] });
    expect(Array.from(m.X)).toEqual([1, 2, 3, 4]);
  });

  it('import failures are AppError(IMPORT_FAILED) naming the file', async () => {
    const missing = path.join(dir, 'nope.csv');
    const folder = path.join(dir, 'folder.csv');
    await mkdir(folder);
    const cases = [
      missing,
      folder,
      await csv('empty.csv', ''),
      await csv('blank.csv', '\n\n  \n'),
      await csv('header-only.csv', 'a,b,c\n'),
      await csv('binary.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0, 1, 2]).toString('latin1')),
      await csv('ragged.csv', 'a,b\n1,2\n3,4,5,6\n7,8\n'),
    ];
    for (const file of cases) {
      const error = await importError(store.importFile(file));
      expect(error.code, file).toBe(errorCodes.importFailed);
      expect(error.message, file).toContain(file);
      expect(error.details, file).toMatchObject({ file });
    }
    const ragged = await importError(store.importFile(path.join(dir, 'ragged.csv')));
    expect(ragged.message).toMatch(/line 3: expected 2 values/);
    expect(ragged.details).toMatchObject({ row: 2 });
  });

  it('a value that does not fit the sniffed type late in the file names its line and column', async () => {
    const lines = ['a,b'];
    for (let i = 0; i < 30000; i++) lines.push(`${i},${i * 0.5}`);
    lines.push('30000,oops');
    const file = await csv('late.csv', lines.join('\n'));
    const error = await importError(store.importFile(file));
    expect(error.code).toBe(errorCodes.importFailed);
    expect(error.message).toBe(`${file}, line 30002, column "b": found "oops", expected a number (the column looked like DOUBLE in the first rows).`);
  });
});

describe('persistence', () => {
  it('tables of earlier imports stay available in a DuckDB file', async () => {
    const dbFile = path.join(dir, 'project.duckdb');
    const storage = path.join(dir, 'stored');
    const first = await DatasetStore.open(dbFile, storage);
    const summary = await first.importFile(await csv('keep.csv', 'a,b\n1,2\n3,4\n'));
    await first.close();
    const second = await DatasetStore.open(dbFile, storage);
    try {
      const again = await second.summary(summary.id);
      expect(again.rowCount).toBe(2);
      expect((await second.list()).map((item) => item.id)).toContain(summary.id);
      expect(Array.from((await second.matrix(summary.id, { time: null, label: null, signals: ['b'] })).X)).toEqual([2, 4]);
    } finally {
      await second.close();
    }
  });

  it('names the file of a damaged stored dataset instead of reading garbage', async () => {
    const storage = path.join(dir, 'damaged');
    const first = await DatasetStore.open(path.join(dir, 'damaged.duckdb'), storage);
    const values = await first.importFile(await csv('cut.csv', 'a,b\n1,2\n3,4\n'));
    const meta = await first.importFile(await csv('edited.csv', 'a\n1\n'));
    await first.close();
    await writeFile(path.join(storage, values.id, 'values.f32'), new Uint8Array(new Float32Array([1, 2, 3]).buffer));
    await writeFile(path.join(storage, meta.id, 'meta.json'), JSON.stringify({ summary: { id: meta.id } }));
    const second = await DatasetStore.open(path.join(dir, 'damaged.duckdb'), storage);
    try {
      await expect(second.rows(values.id, 0, 10)).rejects.toThrow(`${path.join(storage, values.id, 'values.f32')} holds 3 values where the dataset has 4`);
      await expect(second.summary(meta.id)).rejects.toThrow(`${path.join(storage, meta.id, 'meta.json')} is not a stored dataset's description: summary.name`);
    } finally {
      await second.close();
    }
  });
});
