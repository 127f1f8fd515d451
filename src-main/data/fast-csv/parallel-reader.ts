/**
 * The parallel byte-level reader for plain numeric CSV files. Pass 1: the data bytes are cut at
 * newlines into one range per worker thread and each worker counts its lines and rows. Then ONE
 * SharedArrayBuffer of n x k float32 values (and n float64 times) is allocated and every worker
 * parses its range straight into its own rows, reading the file in 8 MB blocks. Memory: the matrix
 * plus one block per worker; the file is never held whole.
 * Anything that is not plain numbers (text, quotes) throws FastCsvUnsupported so the caller falls
 * back to the DuckDB reader; a ragged row, a cancel or a file that vanishes is an AppError.
 * The returned `values` (and `times`) are views on SharedArrayBuffers: Node's `advanced` IPC
 * serialization copies them like any typed array; where a plain ArrayBuffer is required (an Electron
 * MessagePort or utilityProcess.postMessage may refuse shared memory) send `values.slice()`.
 * Threads: one worker per range, started with `eval: true` from source text (range-worker.ts), so it
 * runs the same from the TypeScript sources (vitest) and from the CommonJS bundles in dist/main.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { errorCodes } from '../../../shared/ipc/contract';
import type { ColumnStats, ParsedTable, ReadControl } from '../parsed-table';
import { makeCore, type CoreFailure, type CoreLayout } from './numeric-core';
import { workerCode, type ParseOrder, type RangeStats, type WorkerInput, type WorkerMessage } from './range-worker';

export interface FastCsvOptions {
  /** one ASCII character: ',', '\t', ';', '|' */
  delimiter: string;
  /** first line holds the names; without a header the names are column0..N-1 */
  header: boolean;
  /** ISO-8601 times -> epoch ms (naive = UTC, timeKind 'timestamp'); plain numbers -> timeKind 'number' */
  timeColumn: string | null;
  /** worker threads; default os.availableParallelism() (fewer for small files) */
  workers?: number;
}

/** Not plain numeric CSV (text, quotes, ...): read the file with the general DuckDB reader instead. */
export class FastCsvUnsupported extends Error {
  constructor(
    readonly reason: string,
    readonly row?: number,
    readonly column?: string,
  ) {
    super(row === undefined ? reason : `${reason} in data row ${row}${column === undefined ? '' : `, column "${column}"`}`);
    this.name = 'FastCsvUnsupported';
  }
}

const blockBytes = 8 << 20;
const maxLineBytes = 64 << 20;
/** the sniff (header, time kind, first rows checked in this thread) reads at most this much */
const headBytes = 1 << 20;
/** a range smaller than this is not worth a thread of its own */
const minRangeBytes = 1 << 16;
const progressEveryMs = 100;

interface Head {
  names: string[];
  /** byte offset of the first data line */
  dataStart: number;
  /** 1 when a header line precedes the data */
  headerLines: number;
  /** complete data lines at the start of the file (ends with '\n'), for the sniff */
  sample: Buffer;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

function headerNames(line: string, delimiter: string): string[] {
  return line.split(delimiter).map((raw, i) => {
    let name = raw.trim();
    if (name.length >= 2 && name.startsWith('"') && name.endsWith('"') && !name.slice(1, -1).includes('"')) name = name.slice(1, -1);
    else if (name.includes('"')) throw new FastCsvUnsupported('a quoted header with quotes inside');
    return name === '' ? `column${i}` : name;
  });
}

function readHead(fd: number, size: number, options: FastCsvOptions): Head {
  let head = readAt(fd, 0, Math.min(size, headBytes));
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  let newline = head.indexOf(10, bom);
  while (newline < 0 && head.length < size) {
    if (head.length >= maxLineBytes) throw new FastCsvUnsupported(`a first line longer than ${maxLineBytes} bytes`);
    head = readAt(fd, 0, Math.min(size, head.length * 4));
    newline = head.indexOf(10, bom);
  }
  if (newline < 0) {
    // the whole file is one line without '\n'
    head = Buffer.concat([head, Buffer.from('\n')]);
    newline = head.length - 1;
  }
  const firstLine = head.toString('utf8', bom, newline).replace(/\r$/, '');
  const dataStart = options.header ? newline + 1 : bom;
  let names: string[];
  if (options.header) names = headerNames(firstLine, options.delimiter);
  else {
    if (firstLine.includes('"')) throw new FastCsvUnsupported('a quoted field', 1, 'column0');
    names = firstLine.split(options.delimiter).map((_, i) => `column${i}`);
  }
  if (new Set(names).size !== names.length) throw new FastCsvUnsupported('duplicate column names');
  const lastNewline = head.lastIndexOf(10);
  let sample = head.subarray(Math.min(dataStart, lastNewline + 1), lastNewline + 1);
  if (head.length === size && head[size - 1] !== 10 && size > dataStart) {
    // a short file without a final newline: sniff all of it
    sample = Buffer.concat([head.subarray(dataStart), Buffer.from('\n')]);
  }
  return { names, dataStart, headerLines: options.header ? 1 : 0, sample };
}

/** Byte ranges of whole lines, one per worker. */
function splitRanges(fd: number, start: number, size: number, count: number): Array<[number, number]> {
  const cuts = [start];
  for (let i = 1; i < count; i++) {
    let at = Math.max(cuts[cuts.length - 1]!, start + Math.floor(((size - start) * i) / count) - 1);
    for (;;) {
      const probe = readAt(fd, at, 1 << 16);
      if (probe.length === 0) {
        at = size;
        break;
      }
      const nl = probe.indexOf(10);
      if (nl >= 0) {
        at += nl + 1;
        break;
      }
      at += probe.length;
    }
    cuts.push(Math.min(at, size));
  }
  cuts.push(size);
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < cuts.length; i++) if (cuts[i + 1]! > cuts[i]!) out.push([cuts[i]!, cuts[i + 1]!]);
  return out;
}

/** ISO date at the start of the first non-empty time value decides the time kind. */
function sniffTimeKind(sample: Buffer, delimiter: string, timeIndex: number): 1 | 2 {
  const text = sample.toString('latin1');
  for (const line of text.split('\n')) {
    const value = line.replace(/\r$/, '').split(delimiter)[timeIndex]?.trim();
    if (value) return /^\d{4}-\d\d-\d\d/.test(value) ? 2 : 1;
  }
  return 1;
}

interface Failure {
  failure: CoreFailure;
  /** lines and rows before the failing slice, counted from the start of the data */
  lineBefore: number;
  rowBefore: number;
}

function failureError(file: string, head: Head, layout: CoreLayout, names: string[], f: Failure): Error {
  const row = f.rowBefore + f.failure.row + 1;
  const line = head.headerLines + f.lineBefore + f.failure.line + 1;
  const column = names[Math.min(f.failure.field, names.length - 1)];
  if (f.failure.kind === 'unsupported') return new FastCsvUnsupported(f.failure.reason, row, column);
  const found = f.failure.found ?? 0;
  const against = head.headerLines ? 'the header has' : 'the first line has';
  return new AppError(errorCodes.importFailed, `${file}: line ${line} (data row ${row}) has ${found} values; ${against} ${layout.k}.`, {
    file,
    row,
    line,
    expected: layout.k,
    found,
  });
}

function cancelled(file: string): AppError {
  return new AppError(errorCodes.cancelled, 'import cancelled', { file });
}

function gone(file: string, why: string): AppError {
  return new AppError(errorCodes.importFailed, `${file}: ${why}; nothing was kept, import it again.`, { file });
}

/**
 * Read a plain numeric CSV (every column a number, boolean or empty; the time column ISO-8601 or
 * numbers) into a ParsedTable; `values` and `times` are views on SharedArrayBuffers (see above).
 */
export async function readNumericCsv(file: string, options: FastCsvOptions, control: ReadControl = {}): Promise<ParsedTable> {
  const { signal, onProgress } = control;
  const delim = options.delimiter.charCodeAt(0);
  if (options.delimiter.length !== 1 || delim > 127 || delim === 10 || delim === 13 || delim === 34) {
    throw new FastCsvUnsupported(`the delimiter ${JSON.stringify(options.delimiter)} is not one plain ASCII character`);
  }
  if (signal?.aborted) throw cancelled(file);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw gone(file, `cannot be opened (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const workers: Worker[] = [];
  try {
    const { size, mtimeMs } = fstatSync(fd);
    const head = readHead(fd, size, options);
    const names = head.names;
    const timeIndex = options.timeColumn === null ? -1 : names.indexOf(options.timeColumn);
    if (options.timeColumn !== null && timeIndex < 0) throw new FastCsvUnsupported(`no column named "${options.timeColumn}"`);
    const layout: CoreLayout = {
      delim,
      k: names.length,
      timeIndex,
      timeKind: timeIndex >= 0 ? sniffTimeKind(head.sample, options.delimiter, timeIndex) : 1,
    };
    const numericColumns = names.filter((_, i) => i !== timeIndex);
    const kv = numericColumns.length;

    // Check the first rows here, so a text file fails in milliseconds, before any thread starts.
    const core = makeCore();
    const sampleCount = core.countLines(head.sample, 0, head.sample.length);
    try {
      core.parseLines(head.sample, 0, head.sample.length, layout, new Float32Array(sampleCount.rows * kv), new Float64Array(sampleCount.rows), 0);
    } catch (error) {
      throw failureError(file, head, layout, names, { failure: error as CoreFailure, lineBefore: 0, rowBefore: 0 });
    }

    const dataBytes = size - head.dataStart;
    const wanted = Math.max(1, Math.floor(options.workers ?? os.availableParallelism()));
    const parts = splitRanges(fd, head.dataStart, size, Math.max(1, Math.min(wanted, Math.floor(dataBytes / minRangeBytes))));

    // Progress: counting is ~15% of the time, parsing the rest.
    const countedBytes = parts.map(() => 0);
    const parsedBytes = parts.map(() => 0);
    const parsedRows = parts.map(() => 0);
    let lastReport = 0;
    const report = (force = false) => {
      if (!onProgress) return;
      const now = performance.now();
      if (!force && now - lastReport < progressEveryMs) return;
      lastReport = now;
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      const bytes = head.dataStart + 0.15 * sum(countedBytes) + 0.85 * sum(parsedBytes);
      onProgress(Math.min(size, Math.round(bytes)), size, sum(parsedRows));
    };

    const table = (n: number, values: Float32Array, times: Float64Array | null): ParsedTable => ({
      n,
      numericColumns,
      values,
      timeColumn: timeIndex >= 0 ? names[timeIndex]! : null,
      timeKind: timeIndex >= 0 ? (layout.timeKind === 2 ? 'timestamp' : 'number') : null,
      times: timeIndex >= 0 ? times : null,
      textColumns: [],
    });
    if (parts.length === 0) {
      onProgress?.(size, size, 0);
      return table(0, new Float32Array(0), new Float64Array(0));
    }

    const result = await new Promise<ParsedTable>((resolve, reject) => {
      let settled = false;
      const counts: Array<{ lines: number; rows: number } | null> = parts.map(() => null);
      const failures: Array<Failure | null> = parts.map(() => null);
      const finished = parts.map(() => false);
      const stopped = parts.map(() => false);
      let firstRows: number[] = [];
      let firstLines: number[] = [];
      let n = 0;
      let values: SharedArrayBuffer | null = null;
      const rangeStats: Array<RangeStats | null> = parts.map(() => null);
      let times: SharedArrayBuffer | null = null;

      const finish = (error: Error | null, table?: ParsedTable) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve(table!);
      };
      const onAbort = () => finish(cancelled(file));
      signal?.addEventListener('abort', onAbort, { once: true });

      // A failure in range i: ranges after it do not matter (their rows come later); wait for the
      // ranges before it, which may hold an earlier failure, then report the earliest.
      const settleFailures = () => {
        const first = failures.findIndex((f) => f !== null);
        if (first < 0) return;
        for (let j = 0; j < first; j++) if (!finished[j]) return;
        const f = failures[first]!;
        if (counts.some((c) => c === null)) {
          // failed while counting: place it by the counts of the earlier ranges
          let lines = 0;
          let rows = 0;
          for (let j = 0; j < first; j++) {
            lines += counts[j]!.lines;
            rows += counts[j]!.rows;
          }
          f.lineBefore += lines;
          f.rowBefore += rows;
        } else {
          f.lineBefore += firstLines[first]!;
          f.rowBefore += firstRows[first]!;
        }
        finish(failureError(file, head, layout, names, f));
      };

      const startParse = () => {
        firstRows = [];
        firstLines = [];
        for (const c of counts) {
          firstRows.push(n);
          firstLines.push(firstLines.length === 0 ? 0 : firstLines[firstLines.length - 1]! + counts[firstLines.length - 1]!.lines);
          n += c!.rows;
        }
        const matrix = new SharedArrayBuffer(n * kv * 4);
        const clock = timeIndex >= 0 ? new SharedArrayBuffer(n * 8) : null;
        values = matrix;
        times = clock;
        finished.fill(false);
        workers.forEach((w, i) => w.postMessage({ values: matrix, times: clock, row0: firstRows[i]! } satisfies ParseOrder));
      };

      parts.forEach(([start, end], i) => {
        const input: WorkerInput = { fd, start, end, layout, blockBytes, maxLineBytes };
        const worker = new Worker(workerCode(), { eval: true, workerData: input });
        workers.push(worker);
        worker.on('message', (message: WorkerMessage) => {
          if (settled) return;
          switch (message.type) {
            case 'progress':
              if (message.phase === 0) countedBytes[i] = message.bytes;
              else {
                parsedBytes[i] = message.bytes;
                parsedRows[i] = message.rows;
              }
              report();
              return;
            case 'counted':
              counts[i] = { lines: message.lines, rows: message.rows };
              finished[i] = true;
              if (failures.some((f) => f !== null)) settleFailures();
              else if (counts.every((c) => c !== null)) startParse();
              return;
            case 'done':
              finished[i] = true;
              rangeStats[i] = message.stats;
              if (failures.some((f) => f !== null)) settleFailures();
              else if (finished.every(Boolean)) {
                report(true);
                finish(null, {
                  ...table(n, new Float32Array(values!), times === null ? null : new Float64Array(times as SharedArrayBuffer)),
                  columnStats: mergeStats(rangeStats as RangeStats[], kv),
                });
              }
              return;
            case 'failed':
              failures[i] = { failure: message.failure, lineBefore: message.line0, rowBefore: message.row0 };
              finished[i] = true;
              for (let j = i + 1; j < workers.length; j++) {
                stopped[j] = true;
                void workers[j]!.terminate();
              }
              settleFailures();
              return;
            case 'io':
              finish(gone(file, message.reason));
              return;
            case 'internal':
              finish(new AppError(errorCodes.internal, `reading ${file} failed: ${message.message}`, { file }));
              return;
          }
        });
        worker.on('error', (error) => finish(new AppError(errorCodes.internal, `reading ${file} failed: ${error.message}`, { file })));
        worker.on('exit', (code) => {
          if (!settled && !finished[i] && !stopped[i]) finish(new AppError(errorCodes.internal, `reading ${file} failed: a worker stopped (exit code ${code})`, { file }));
        });
      });
    });

    // A file deleted, replaced or cut while it was read (reads through an open descriptor still succeed).
    let now;
    try {
      now = statSync(file);
    } catch {
      throw gone(file, 'was deleted or moved while it was being imported');
    }
    if (now.size !== size || now.mtimeMs !== mtimeMs) throw gone(file, 'changed while it was being imported');
    if (signal?.aborted) throw cancelled(file);
    return result;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    closeSync(fd);
  }
}

/** Combines the workers' shifted sums into count, range, mean and M2 per column (Chan et al.). */
function mergeStats(ranges: RangeStats[], k: number): ColumnStats {
  const merged: ColumnStats = {
    count: new Float64Array(k),
    min: new Float64Array(k).fill(Infinity),
    max: new Float64Array(k).fill(-Infinity),
    mean: new Float64Array(k),
    m2: new Float64Array(k),
  };
  for (const range of ranges) {
    for (let c = 0; c < k; c++) {
      const n = range.count[c]!;
      if (n === 0) continue;
      const mean = range.shift[c]! + range.sum[c]! / n;
      const m2 = Math.max(0, range.squares[c]! - (range.sum[c]! * range.sum[c]!) / n);
      const before = merged.count[c]!;
      const total = before + n;
      const delta = mean - merged.mean[c]!;
      merged.mean[c] = merged.mean[c]! + (delta * n) / total;
      merged.m2[c] = merged.m2[c]! + m2 + (delta * delta * before * n) / total;
      merged.count[c] = total;
      merged.min[c] = Math.min(merged.min[c]!, range.min[c]!);
      merged.max[c] = Math.max(merged.max[c]!, range.max[c]!);
    }
  }
  return merged;
}
