/**
 * The worker thread of the fast CSV reader. Its code is handed to `new Worker(code, { eval: true })`
 * as source text (the `makeCore` and `workerMain` functions, stringified), so no separate worker
 * file has to be found next to the TypeScript sources (vitest) or the esbuild bundles (dist/main).
 * Neither function may refer to anything outside itself.
 */
import type { Core, CoreFailure, CoreLayout } from './numeric-core';
import { makeCore } from './numeric-core';

/** What the main thread gives each worker. */
export interface WorkerInput {
  /** file descriptor opened by the main thread (shared by all threads; the main thread closes it) */
  fd: number;
  /** byte range [start, end) of whole lines */
  start: number;
  end: number;
  layout: CoreLayout;
  blockBytes: number;
  /** longest line accepted before the file is declared unsupported */
  maxLineBytes: number;
}

/** Worker -> main messages. */
export type WorkerMessage =
  | { type: 'progress'; phase: 0 | 1; bytes: number; rows: number }
  | { type: 'counted'; lines: number; rows: number }
  | { type: 'done'; rows: number; stats: RangeStats }
  | { type: 'failed'; failure: CoreFailure; line0: number; row0: number }
  | { type: 'io'; reason: string }
  | { type: 'internal'; message: string };

/** Main -> worker, after every range is counted: the shared output and this range's first row. */
/**
 * Per-column sums of the rows a worker parsed, taken while the rows are still in cache, so the
 * profile needs no full pass of its own. Sums are of (value - shift), shift being the first value
 * the worker saw in that column, which keeps the variance sum stable.
 */
export interface RangeStats {
  count: Float64Array;
  min: Float64Array;
  max: Float64Array;
  shift: Float64Array;
  sum: Float64Array;
  squares: Float64Array;
}

export interface ParseOrder {
  values: SharedArrayBuffer;
  times: SharedArrayBuffer | null;
  row0: number;
}

type Wt = typeof import('node:worker_threads');
type Fs = typeof import('node:fs');

export function workerMain(core: Core, wt: Wt, fs: Fs): void {
  const port = wt.parentPort!;
  const input = wt.workerData as WorkerInput;
  const { fd, start, end, layout, maxLineBytes } = input;
  let buf = Buffer.allocUnsafe(input.blockBytes + 1);

  function post(message: WorkerMessage): void {
    port.postMessage(message);
  }

  /** Calls `slice(buf, to)` for each block cut after its last newline; buf[to - 1] is always '\n'. */
  function eachBlock(slice: (buf: Buffer, to: number) => void, progress: (bytes: number) => void): void {
    let pos = start;
    while (pos < end) {
      const want = Math.min(buf.length - 1, end - pos);
      let got = 0;
      while (got < want) {
        const n = fs.readSync(fd, buf, got, want - got, pos + got);
        if (n === 0) break;
        got += n;
      }
      if (got < want) throw { io: 'the file became shorter while it was being read (truncated or replaced)' };
      let to: number;
      let consumed: number;
      if (pos + want < end) {
        const nl = buf.lastIndexOf(10, want - 1);
        if (nl < 0) {
          if (buf.length - 1 >= maxLineBytes) throw { unsupportedLine: true };
          const bigger = Buffer.allocUnsafe(Math.min(maxLineBytes, (buf.length - 1) * 2) + 1);
          buf = bigger;
          continue;
        }
        to = nl + 1;
        consumed = to;
      } else {
        to = want;
        consumed = want;
        if (buf[to - 1] !== 10) buf[to++] = 10;
      }
      slice(buf, to);
      pos += consumed;
      progress(pos - start);
    }
  }

  let lines = 0;
  let rows = 0;
  function run(step: () => void): boolean {
    try {
      step();
      return true;
    } catch (error) {
      const e = error as { io?: string; unsupportedLine?: boolean; kind?: string };
      if (e && typeof e.io === 'string') post({ type: 'io', reason: e.io });
      else if (e && e.unsupportedLine)
        post({ type: 'failed', failure: { kind: 'unsupported', line: 0, row: 0, field: 0, reason: `a line longer than ${maxLineBytes} bytes` }, line0: lines, row0: rows });
      else if (e && (e.kind === 'unsupported' || e.kind === 'ragged')) post({ type: 'failed', failure: error as CoreFailure, line0: lines, row0: rows });
      else post({ type: 'internal', message: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) });
      return false;
    }
  }

  // Phase 0: count lines and rows of this range so the main thread can place every row.
  const counted = run(() =>
    eachBlock(
      (b, to) => {
        const c = core.countLines(b, 0, to);
        lines += c.lines;
        rows += c.rows;
      },
      (bytes) => post({ type: 'progress', phase: 0, bytes, rows: 0 }),
    ),
  );
  if (!counted) return;
  post({ type: 'counted', lines, rows });

  // Phase 1: parse straight into the shared matrix.
  port.once('message', (order: ParseOrder) => {
    const values = new Float32Array(order.values);
    const kv = layout.k - (layout.timeIndex >= 0 ? 1 : 0);
    const stats = {
      count: new Float64Array(kv),
      min: new Float64Array(kv).fill(Infinity),
      max: new Float64Array(kv).fill(-Infinity),
      shift: new Float64Array(kv),
      sum: new Float64Array(kv),
      squares: new Float64Array(kv),
    };
    const accumulate = (fromRow: number, toRow: number) => {
      const { count, min, max, shift, sum, squares } = stats;
      for (let i = fromRow * kv, end = toRow * kv, c = 0; i < end; i++) {
        const v = values[i]!;
        if (v - v === 0) {
          if (count[c] === 0) shift[c] = v;
          count[c]++;
          if (v < min[c]!) min[c] = v;
          if (v > max[c]!) max[c] = v;
          const x = v - shift[c]!;
          sum[c] += x;
          squares[c] += x * x;
        }
        if (++c === kv) c = 0;
      }
    };
    const times = order.times ? new Float64Array(order.times) : null;
    const expected = rows;
    lines = 0;
    rows = 0;
    const parsed = run(() =>
      eachBlock(
        (b, to) => {
          const n = core.parseLines(b, 0, to, layout, values, times, order.row0 + rows);
          if (rows + n > expected) throw { io: 'the file changed while it was being read' };
          accumulate(order.row0 + rows, order.row0 + rows + n);
          rows += n;
          lines += core.lastLines();
        },
        (bytes) => post({ type: 'progress', phase: 1, bytes, rows }),
      ),
    );
    if (!parsed) return;
    if (rows !== expected) {
      post({ type: 'io', reason: 'the file changed while it was being read' });
      return;
    }
    post({ type: 'done', rows, stats });
  });
}

/** The source a worker evaluates: the parse core and `workerMain`, no imports. */
export function workerCode(): string {
  return [
    // bundlers with keepNames wrap functions in __name(); make it harmless inside the worker
    'var __name = (f) => f;',
    `const core = (${String(makeCore)})();`,
    `(${String(workerMain)})(core, require('node:worker_threads'), require('node:fs'));`,
  ].join('\n');
}
