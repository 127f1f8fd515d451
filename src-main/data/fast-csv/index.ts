import { openSync, closeSync, readSync, statSync } from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { errorCodes } from '../../../shared/ipc/contract';
import type { ParsedTable, ReadControl } from '../parsed-table';
import { csvWorkerMain } from './worker-source';

export interface FastCsvOptions {
  /** one ASCII character: ',', '\t', ';', '|' */
  delimiter: string;
  header: boolean;
  /** ISO-8601 times become epoch ms (naive = UTC); plain numbers stay numbers */
  timeColumn: string | null;
  workers?: number;
}

/** The file is not plain numeric CSV (text, quotes): the caller reads it with DuckDB instead. */
export class FastCsvUnsupported extends Error {
  constructor(
    readonly reason: string,
    readonly row?: number,
    readonly column?: string,
  ) {
    super(reason);
    this.name = 'FastCsvUnsupported';
  }
}

const workerCode = `(${String(csvWorkerMain)})()`;
/** below this a range is not worth a thread of its own */
const minimumRangeBytes = 16 << 20;

interface Header {
  names: string[];
  dataStart: number;
  firstLine: string;
}

function readHead(file: string, delimiter: string, header: boolean): Header {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(statSync(file).size, 4 << 20));
    readSync(fd, head, 0, head.length, 0);
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    const newline = head.indexOf(10, bom);
    if (newline < 0 && head.length === 4 << 20) throw new FastCsvUnsupported('the first line is longer than 4 MB');
    const lineEnd = newline < 0 ? head.length : newline;
    const firstLine = head.toString('utf8', bom, lineEnd).replace(/\r$/, '');
    if (firstLine.includes('"')) throw new FastCsvUnsupported('quoted fields');
    const fields = firstLine.split(delimiter);
    const names = header ? fields.map((name) => name.trim()) : fields.map((_, i) => `column${i}`);
    const secondEnd = newline < 0 ? -1 : head.indexOf(10, newline + 1);
    const sample = newline < 0 ? firstLine : head.toString('utf8', newline + 1, secondEnd < 0 ? head.length : secondEnd);
    return { names, dataStart: header ? (newline < 0 ? head.length : newline + 1) : bom, firstLine: header ? sample.replace(/\r$/, '') : firstLine };
  } finally {
    closeSync(fd);
  }
}

/** Byte ranges that start right after a newline, one per worker. */
function ranges(file: string, start: number, size: number, count: number): Array<[number, number]> {
  const fd = openSync(file, 'r');
  try {
    const cuts = [start];
    const probe = Buffer.alloc(1 << 16);
    for (let i = 1; i < count; i++) {
      let at = Math.max(cuts[cuts.length - 1]!, start + Math.floor(((size - start) * i) / count));
      for (;;) {
        const got = readSync(fd, probe, 0, probe.length, at);
        if (got === 0) {
          at = size;
          break;
        }
        const newline = probe.subarray(0, got).indexOf(10);
        if (newline >= 0) {
          at += newline + 1;
          break;
        }
        at += got;
      }
      cuts.push(Math.min(at, size));
    }
    cuts.push(size);
    return cuts.slice(0, -1).map((from, i) => [from, cuts[i + 1]!] as [number, number]).filter(([a, b]) => b > a);
  } finally {
    closeSync(fd);
  }
}

type WorkerMessage =
  | { type: 'progress'; bytes: number; rows: number }
  | { type: 'done'; rows: number; missing: number; bytes: number }
  | { type: 'ragged'; row: number; found: number }
  | { type: 'unsupported'; row: number; column: number; text: string }
  | { type: 'cancelled' }
  | { type: 'truncated' }
  | { type: 'failed'; message: string };

/**
 * Reads a plain numeric CSV in parallel: pass 1 counts the rows of each byte range, then one
 * shared Float32 block is allocated and every worker parses its range straight into its rows.
 * Memory is the matrix plus an 8 MB buffer per worker; the file is read in blocks, never whole.
 */
export async function readNumericCsv(file: string, options: FastCsvOptions, control: ReadControl = {}): Promise<ParsedTable> {
  const size = statSync(file).size;
  const delimiterByte = options.delimiter.charCodeAt(0);
  if (options.delimiter.length !== 1 || delimiterByte > 127) throw new FastCsvUnsupported('the delimiter is not one ASCII character');
  const head = readHead(file, options.delimiter, options.header);
  const timeIndex = options.timeColumn === null ? -1 : head.names.indexOf(options.timeColumn);
  if (options.timeColumn !== null && timeIndex < 0) throw new FastCsvUnsupported(`no column ${options.timeColumn}`);
  const timeSample = timeIndex >= 0 ? (head.firstLine.split(options.delimiter)[timeIndex] ?? '') : '';
  const timeIsStamp = /^\d{4}-\d\d-\d\d/.test(timeSample.trim());
  const numericColumns = head.names.filter((_, i) => i !== timeIndex);
  if (control.signal?.aborted) throw new AppError(errorCodes.cancelled, 'import cancelled');
  const workers = Math.max(
    1,
    options.workers ?? Math.min(os.availableParallelism(), Math.ceil((size - head.dataStart) / minimumRangeBytes)),
  );
  const parts = ranges(file, head.dataStart, size, workers);
  const cancel = new SharedArrayBuffer(4);
  const onAbort = () => Atomics.store(new Int32Array(cancel), 0, 1);
  control.signal?.addEventListener('abort', onAbort);

  const bytesDone = new Array<number>(parts.length).fill(0);
  const rowsDone = new Array<number>(parts.length).fill(0);
  const report = (pass: 1 | 2) => {
    const bytes = bytesDone.reduce((a, b) => a + b, 0);
    // pass 1 (counting) is fast: give it the first 10% of the bar
    const shown = pass === 1 ? bytes * 0.1 : (size - head.dataStart) * 0.1 + bytes * 0.9;
    control.onProgress?.(Math.min(size, head.dataStart + shown), size, rowsDone.reduce((a, b) => a + b, 0));
  };

  const runPass = (mode: 'count' | 'parse', firstRows: number[], values: SharedArrayBuffer | null, times: SharedArrayBuffer | null) =>
    Promise.all(
      parts.map(
        ([start, end], index) =>
          new Promise<{ rows: number; missing: number }>((resolve, reject) => {
            const worker = new Worker(workerCode, {
              eval: true,
              workerData: {
                mode,
                file,
                start,
                end,
                delimiter: delimiterByte,
                columns: head.names.length,
                timeColumn: timeIndex,
                timeIsStamp,
                firstRow: firstRows[index] ?? 0,
                values,
                times,
                cancel,
              },
            });
            worker.on('message', (message: WorkerMessage) => {
              if (message.type === 'progress') {
                bytesDone[index] = message.bytes;
                if (mode === 'parse') rowsDone[index] = message.rows;
                report(mode === 'count' ? 1 : 2);
                return;
              }
              void worker.terminate();
              if (message.type === 'done') {
                bytesDone[index] = message.bytes;
                if (mode === 'parse') rowsDone[index] = message.rows;
                resolve({ rows: message.rows, missing: message.missing });
              } else {
                onAbort(); // stop the other ranges too
                reject(failure(message, file, head.names));
              }
            });
            worker.on('error', (error) => {
              onAbort();
              reject(new AppError(errorCodes.importFailed, `${file}: reading failed: ${error.message}`, { file }));
            });
          }),
      ),
    );

  try {
    const counts = await runPass('count', [], null, null);
    const firstRows: number[] = [];
    let n = 0;
    for (const { rows } of counts) {
      firstRows.push(n);
      n += rows;
    }
    bytesDone.fill(0);
    const values = new SharedArrayBuffer(n * numericColumns.length * 4);
    const times = timeIndex >= 0 ? new SharedArrayBuffer(n * 8) : null;
    await runPass('parse', firstRows, values, times);
    if (statSync(file).size !== size) {
      throw new AppError(errorCodes.importFailed, `${file} changed while it was being read; import it again.`, { file });
    }
    control.onProgress?.(size, size, n);
    return {
      n,
      numericColumns,
      values: new Float32Array(values),
      timeColumn: timeIndex >= 0 ? head.names[timeIndex]! : null,
      timeKind: timeIndex >= 0 ? (timeIsStamp ? 'timestamp' : 'number') : null,
      times: times ? new Float64Array(times) : null,
      textColumns: [],
    };
  } catch (error) {
    if (control.signal?.aborted) throw new AppError(errorCodes.cancelled, 'import cancelled');
    throw error;
  } finally {
    control.signal?.removeEventListener('abort', onAbort);
  }
}

function failure(message: Exclude<WorkerMessage, { type: 'progress' | 'done' }>, file: string, names: string[]): Error {
  switch (message.type) {
    case 'ragged':
      return new AppError(
        errorCodes.importFailed,
        `${file}, data row ${message.row + 1}: found ${message.found} values; the header has ${names.length}.`,
        { file, row: message.row + 1 },
      );
    case 'unsupported':
      return new FastCsvUnsupported(`"${message.text}" is not a number`, message.row + 1, names[message.column]);
    case 'cancelled':
      return new AppError(errorCodes.cancelled, 'import cancelled');
    case 'truncated':
      return new AppError(errorCodes.importFailed, `${file} became shorter while it was being read; import it again.`, { file });
    case 'failed':
      return new AppError(errorCodes.importFailed, `${file}: ${message.message}`, { file });
  }
}
