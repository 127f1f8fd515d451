import { appendFile, chmod, mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { errorCodes } from '../../shared/ipc/contract';
import { datasetPreviewSchema, type DatasetPreview } from '../../shared/ipc/datasets';
import { readWithDuckDb } from './duckdb-reader';
import { inspectFile } from './sniff';

/** What one file of the corpus must give: the exact error, or the column reasons / dialect it is read with. */
interface Case {
  name: string;
  /** file content, or a function that makes the path (a folder, a missing file) */
  content: string | Buffer | ((file: string) => Promise<void>);
  /** exact AppError message; `{file}` stands for the absolute path */
  error?: string;
  /** reasons the preview must give, by column */
  reasons?: Record<string, string>;
  /** role by column */
  roles?: Record<string, string>;
  check?: (preview: DatasetPreview) => void;
  /** the error comes from the full read, not from the preview */
  readError?: string;
  skip?: string;
}

const isRoot = process.getuid?.() === 0;
const rows = (count: number, row: (i: number) => string) => Array.from({ length: count }, (_, i) => row(i)).join('\n') + '\n';
const numericRows = (count: number) => rows(count, (i) => `${i},${(i % 7) * 0.5},${(i * 13) % 11}`);

const cases: Case[] = [
  { name: 'empty.csv', content: '', error: '{file} is empty (0 bytes); expected a header line and rows of values.' },
  { name: 'header-only.csv', content: 'a,b,c\n', error: '{file} has a header line but no data rows; expected rows of values below the header.' },
  { name: 'header-only-no-newline.csv', content: 'time,value', error: '{file} has a header line but no data rows; expected rows of values below the header.' },
  { name: 'blank-lines.csv', content: '\n\n   \n\n', error: '{file} holds only blank lines; expected a header line and rows of values.' },
  { name: 'ragged-more.csv', content: 'a,b\n1,2\n3,4,5\n6,7\n', error: '{file}, line 3: expected 2 values separated by "," like the header, found 3.' },
  { name: 'ragged-last-line.csv', content: 'a,b\n1,2\n3,4,5\n', error: '{file}, line 3: expected 2 values separated by "," like the header, found 3.' },
  {
    name: 'title-line.csv',
    content: 'Exported from historian X\ntime,v\n0,1.5\n1,2.5\n2,3.5\n',
    roles: { time: 'time', v: 'signal' },
  },
  { name: 'ragged-fewer.csv', content: 'a;b;c\n1;2;3\n4;5\n6;7;8\n', error: '{file}, line 3: expected 3 values separated by ";" like the header, found 2.' },
  {
    name: 'ragged-late.csv',
    content: 'a,b,c\n' + numericRows(60_000) + '1,2,3,4\n',
    readError: '{file}, line 60002: expected 3 values like the header, found 4.',
  },
  { name: 'binary-nul.bin', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), error: '{file} is not a text file (byte 9 is a NUL character); expected a CSV, TSV or Parquet file.' },
  {
    name: 'binary-control.bin',
    content: Buffer.from(Array.from({ length: 4000 }, (_, i) => ((i * 7919) % 255) + 1)),
    error: '{file} is not a text file (11% of its first bytes are control characters); expected a CSV, TSV or Parquet file.',
  },
  {
    name: 'invalid-utf8.csv',
    content: Buffer.concat([Buffer.from('name,v\n'), Buffer.from([0x70, 0xfc, 0x6d, 0x70]), Buffer.from(',1\nq,2\n')]),
    reasons: { name: "text: 'pümp' is not a number", v: 'numeric' },
    check: (p) => expect(p.dialect.encoding).toBe('latin-1'),
  },
  {
    name: 'duplicate-names.csv',
    content: 'a,a,b,a\n1,2,3,4\n5,6,7,8\n',
    reasons: { a: 'numeric', a_1: 'the header repeats "a"; this column is renamed "a_1"; numeric', a_2: 'the header repeats "a"; this column is renamed "a_2"; numeric' },
  },
  {
    name: 'empty-name.csv',
    content: 'a,,b\n1,2,3\n4,5,6\n',
    reasons: { column1: 'the header of column 2 is empty; it is named "column1"; numeric' },
  },
  {
    name: 'all-missing.csv',
    content: 'a,b,c\n1,,NA\n2,,NA\n3,,NA\n',
    reasons: { b: 'empty: every value is missing', c: 'empty: every value is missing' },
    roles: { a: 'signal', b: 'ignore', c: 'ignore' },
  },
  {
    name: 'long-line-only.csv',
    content: '1,' + '9'.repeat(10 * 1024 * 1024) + '\n',
    error: '{file}, line 1: no line break in the first 1048576 bytes; expected a header line and one row of values per line.',
  },
  {
    name: 'long-line-later.csv',
    content: 'a,b\n1,2\n3,"' + 'x'.repeat(10 * 1024 * 1024) + '"\n5,6\n',
    error: '{file}, line 3: the line is longer than 2000000 bytes; expected one row of values per line.',
  },
  {
    name: 'wide-10000.csv',
    content: ['t', ...Array.from({ length: 9_999 }, (_, i) => `s${i}`)].join(',') + '\n' + rows(30, (r) => [r, ...Array.from({ length: 9_999 }, (_, i) => (r * i) % 5)].join(',')),
    check: (p) => {
      expect(p.columns).toHaveLength(10_000);
      expect(p.columns[0].suggestedRole).toBe('time');
      expect(p.columns.filter((c) => c.suggestedRole === 'signal')).toHaveLength(9_999);
    },
  },
  { name: 'a-folder.csv', content: (file) => mkdir(file).then(() => undefined), error: '{file} is a folder; expected a CSV, TSV or Parquet file.' },
  { name: 'missing.csv', content: async () => undefined, error: '{file} does not exist; check the path.' },
  {
    name: 'no-permission.csv',
    content: async (file) => {
      await writeFile(file, 'a,b\n1,2\n');
      await chmod(file, 0o000);
    },
    error: '{file} cannot be read: permission denied; expected a file you may read.',
    skip: isRoot ? 'running as root: root reads any file, so a missing read permission cannot be produced' : undefined,
  },
  {
    name: 'text-column.csv',
    content: 't,pump,pressure\n0,pump-A,1.5\n1,pump-B,1.7\n2,pump-A,1.6\n',
    reasons: { t: 'monotonic row index named t', pump: "text: 'pump-A' is not a number", pressure: 'numeric' },
    roles: { t: 'time', pump: 'ignore', pressure: 'signal' },
  },
  {
    name: 'late-text-value.csv',
    content: 'a,b,c\n' + numericRows(30_000) + '30000,oops,1\n',
    readError: '{file}, line 30002, column "b": found "oops", expected a number (the column looked like DOUBLE in the first rows).',
  },
  { name: 'bad-gzip.csv.gz', content: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9]), error: '{file} starts like a gzip file (bytes 1f 8b) but cannot be decompressed; expected a gzip-compressed CSV.' },
  { name: 'empty.csv.gz', content: gzipSync(Buffer.alloc(0)), error: '{file} is a gzip file that holds nothing; expected a header line and rows of values.' },
  { name: 'bad.parquet', content: Buffer.concat([Buffer.from('PAR1'), Buffer.from('this is not parquet at all\n')]), error: "{file} starts like a Parquet file (PAR1) but cannot be read: No magic bytes found at end of file '{file}'" },
  {
    name: 'label-not-binary.csv',
    content: 'label,v\n0,1\n2,3\n1,4\n',
    roles: { label: 'signal', v: 'signal' },
  },
  {
    name: 'boolean-label.csv',
    content: 'time,v,is_anomaly\n2024-01-01 00:00:00,1.5,false\n2024-01-01 00:01:00,1.6,true\n2024-01-01 00:02:00,1.4,false\n',
    roles: { time: 'time', v: 'signal', is_anomaly: 'label' },
    reasons: { time: 'parseable timestamps', is_anomaly: 'only 0 and 1, named is_anomaly' },
  },
  {
    name: 'missing-markers.csv',
    content: 'a,b\n1,NA\n2,3.5\n3,\n4,N/A\n5,4.5\n',
    reasons: { b: 'numeric; 3 missing values will be filled' },
    check: (p) => expect(p.columns[1].profile).toMatchObject({ count: 2, missing: 3, mean: 4 }),
  },
  {
    name: 'infinities.csv',
    content: 'x\n1\ninf\n-inf\nnan\n2\n',
    check: (p) => expect(p.columns[0].profile).toMatchObject({ count: 2, missing: 3, min: 1, max: 2 }),
  },
  {
    name: 'quoted-newlines.csv',
    content: 'id,comment,v\n1,"hello, world",1.5\n2,"two\nlines, ""quoted""",2.5\n3,plain,3.5\n',
    reasons: { comment: "text: 'hello, world' is not a number", v: 'numeric' },
    check: (p) => expect(p.preview[1][1]).toBe('two\nlines, "quoted"'),
  },
  { name: 'crlf.csv', content: 'a,b\r\n1,2\r\n3,4\r\n', roles: { a: 'signal', b: 'signal' } },
  {
    name: 'no-header.csv',
    content: numericRows(50),
    check: (p) => {
      expect(p.dialect.header).toBe(false);
      expect(p.columns.map((c) => c.name)).toEqual(['column0', 'column1', 'column2']);
    },
  },
  { name: 'not-monotonic-t.csv', content: 't,v\n0,1\n2,2\n1,3\n', roles: { t: 'signal', v: 'signal' } },
  {
    name: 'decimal-comma.csv',
    content: 'a;b\n1,5;2\n2,5;3\n',
    reasons: { a: "text: '1,5' is not a number", b: 'numeric' },
  },
  { name: 'constant.csv', content: 'a,b\n1,7\n2,7\n3,7\n', reasons: { b: 'constant (always 7): carries no information, consider ignoring it' } },
  {
    name: 'deleted-after-inspect.csv',
    content: 'a,b\n1,2\n3,4\n',
    readError: '{file} no longer exists (it was moved or deleted after it was inspected); choose it again.',
  },
  {
    name: 'changed-after-inspect.csv',
    content: 'a,b\n1,2\n3,4\n',
    readError: '{file} changed after it was inspected (12 bytes then, 20 bytes now); inspect it again.',
  },
];

let instance: DuckDBInstance;
let connection: DuckDBConnection;
let dir: string;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  dir = await mkdtemp(path.join(tmpdir(), 'lens-corpus-'));
});
afterAll(async () => {
  connection.closeSync();
  instance.closeSync();
  await rm(dir, { recursive: true, force: true });
});

async function make(c: Case): Promise<string> {
  const file = path.join(dir, c.name);
  if (typeof c.content === 'function') await c.content(file);
  else await writeFile(file, c.content);
  return file;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return error;
  }
  throw new Error('expected an AppError');
}

describe('a corpus of malformed and awkward files', () => {
  it('has at least 30 files', () => expect(cases.length).toBeGreaterThanOrEqual(30));

  for (const c of cases) {
    it.skipIf(c.skip !== undefined)(`${c.name}${c.skip ? ` (skipped: ${c.skip})` : ''}`, async () => {
      const file = await make(c);
      const expected = (text: string) => text.replaceAll('{file}', file);
      if (c.error !== undefined) {
        const error = await failure(inspectFile(connection, file));
        if (process.env.PRINT) console.log(c.name, JSON.stringify(error.message.replaceAll(file, '{file}')));
        expect(error.code).toBe(errorCodes.importFailed);
        expect((error.details as { file: string }).file).toBe(file);
        if (c.error !== null) expect(error.message).toBe(expected(c.error));
        return;
      }
      const { preview, readOptions } = await inspectFile(connection, file);
      datasetPreviewSchema.parse(preview);
      if (process.env.PRINT) console.log(c.name, JSON.stringify(preview.columns.map((x) => [x.name, x.suggestedRole, x.reason]).slice(0, 5)));
      const byName = new Map(preview.columns.map((x) => [x.name, x]));
      for (const [name, reason] of Object.entries(c.reasons ?? {})) expect(byName.get(name)?.reason, name).toBe(reason);
      for (const [name, role] of Object.entries(c.roles ?? {})) expect(byName.get(name)?.suggestedRole, name).toBe(role);
      c.check?.(preview);
      if (c.name === 'deleted-after-inspect.csv') await unlink(file);
      if (c.name === 'changed-after-inspect.csv') await appendFile(file, '5,6\n7,8\n');
      const read = readWithDuckDb(connection, file, readOptions, preview);
      if (c.readError !== undefined) {
        const error = await failure(read);
        if (process.env.PRINT) console.log(c.name, JSON.stringify(error.message.replaceAll(file, '{file}')));
        expect(error.code).toBe(errorCodes.importFailed);
        expect(error.message).toBe(expected(c.readError));
      } else {
        const table = await read;
        expect(table.n).toBeGreaterThan(0);
      }
    }, 600_000);
  }
});
