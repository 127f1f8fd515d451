import type { HeatmapResponse } from '../../shared/ipc/results';

/*
 * Max/mean pyramid over the per-row per-signal squared error matrix E (row-major Float32Array,
 * n rows x d signals, E[r * d + s]) so a heatmap viewport is answered without scanning its rows.
 *
 * Level 0 is E itself (not copied). Level k has ceil(n / 2^k) rows; its row i covers the rows
 * [i * 2^k, min((i + 1) * 2^k, n)) of E and holds, per signal, their max and their mean (the last row
 * of a level may cover fewer rows; its mean is over the rows it actually covers). Levels stop at one
 * row. Levels 1 .. firstLevel - 1 are not stored (empty arrays): a query reads E rows there instead.
 * With firstLevel 1 max and mean above E take about 2 x |E|; each level skipped halves that
 * (firstLevel 3, the default: |E| / 2). Why skip: fresh memory is what building costs. On the 2-core
 * bench VM the first touch of a page costs ~7.5 ms per MiB, so the full 1.5 GiB pyramid of a
 * 1M x 200 E spends ~11 s in page faults alone, the default ~3 s; queries pay at most
 * 2 x (2^firstLevel - 1) extra E rows per bucket.
 *
 * Query buckets (see `queryPyramid`): by default EXACT buckets, the same ones the brute-force
 * `heatmapBuckets` in explain.ts uses (bucketRows = ceil(range / width), the last bucket may be
 * shorter). A bucket's row range is cut into aligned dyadic blocks (the largest stored level block
 * that starts at the current row and ends inside the bucket, else one E row, then the next); that
 * mixes levels at unaligned bucket edges, so a bucket reads at most about
 * 2 * (log2(bucketRows) + 2^firstLevel) level rows, typically far fewer. `align: 'level'` instead
 * snaps the range outwards to level blocks and makes every bucket exactly one level row (bucketRows a
 * power of two, up to width + 2 buckets; buckets shorter than 2^firstLevel read their few E rows):
 * strictly O(width x signals), at the price of a response range a little wider than asked.
 *
 * Max is exact (bitwise equal to the brute force; NaN is skipped like `e > max` skips it, a bucket
 * of only NaN gives -Infinity). Means are summed in float64 and stored as float32, so a bucket mean
 * equals the brute-force mean up to float32 rounding (about levels x 2^-24 relative). Range totals
 * (for sorting signals by error) come from float64 prefix sums every PREFIX_ROWS rows plus E rows at
 * the edges: equal to the brute-force float64 sums up to summation order (~1e-16 relative).
 */

/** Rows per float64 prefix-sum group: (n / 1024 + 1) x d x 8 bytes, ~1.6 MB for 1M x 200. */
const PREFIX_ROWS = 1024;
const NOT_STORED = new Float32Array(0);

export interface Pyramid {
  /** rows of E */
  n: number;
  /** signals (columns) of E */
  d: number;
  /** finest stored level above E; levels 0 < k < firstLevel are NOT_STORED (length 0) */
  firstLevel: number;
  /** max[k]: level k, ceil(n / 2^k) x d row-major; max[0] === mean[0] === E */
  max: Float32Array[];
  mean: Float32Array[];
  /** prefix[j * d + s] = float64 sum of E[r, s] over rows r < min(j * PREFIX_ROWS, n) */
  prefix: Float64Array;
}

export interface PyramidOptions {
  /** finest level stored above E, 1..10 (default 3: 8-row blocks); see the header comment */
  firstLevel?: number;
}

export type PyramidStat = 'max' | 'mean';

export interface PyramidQuery {
  /** first row, inclusive; clamped to [0, n] and floored */
  rowStart: number;
  /** end row, exclusive; clamped to [rowStart, n] and ceiled */
  rowEnd: number;
  /** wanted number of buckets (pixel width), >= 1 */
  width: number;
  /** signal indices to return, in this order (subset or reordering); default all, column order */
  signals?: ArrayLike<number>;
  stat: PyramidStat;
  /** 'exact' (default): buckets exactly as heatmapBuckets cuts them; 'level': snapped to one level row each */
  align?: 'exact' | 'level';
  /** reuse this buffer for `values` when it is large enough (values is then a view of it) */
  out?: Float32Array;
}

export interface PyramidView {
  /** the row range actually covered: [rowStart, rowEnd) (differs from the request only with align 'level') */
  rowStart: number;
  rowEnd: number;
  /** rows per bucket; the last bucket may hold fewer */
  bucketRows: number;
  buckets: number;
  /** bucket b covers [rowStarts[b], b + 1 < buckets ? rowStarts[b + 1] : rowEnd) */
  rowStarts: Int32Array;
  /** the signal indices of the columns of `values` */
  signals: Int32Array;
  /** buckets x signals.length, bucket-major: values[b * signals.length + j] */
  values: Float32Array;
  /** largest value (ignoring NaN); 0 when there are no values */
  maxValue: number;
  /** coarsest stored level whose rows are not longer than a bucket (the level most blocks come from) */
  level: number;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);
/** floor(log2(x)) for 1 <= x < 2^31 */
const log2Floor = (x: number): number => 31 - Math.clz32(x);
/** ceil(log2(x)) for 1 <= x <= 2^30 */
const log2Ceil = (x: number): number => (x <= 1 ? 0 : 32 - Math.clz32(x - 1));
/** trailing zero bits of r > 0 */
const trailingZeros = (r: number): number => 31 - Math.clz32(r & -r);

/**
 * Level of the block that starts at row r and ends inside [r, to): the largest stored level whose
 * block at r is aligned and fits, else 0 (one E row).
 */
function blockLevel(n: number, top: number, first: number, r: number, to: number): number {
  let k = Math.min(top, log2Ceil(to - r), r === 0 ? top : trailingZeros(r));
  while (k >= first && Math.min(r + 2 ** k, n) > to) k--;
  return k >= first ? k : 0;
}

/** Builds the max and mean levels above E and the prefix sums. O(n x d) time; E is kept by reference as level 0. */
export function buildPyramid(E: Float32Array, n: number, d: number, options: PyramidOptions = {}): Pyramid {
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 0 || d < 1) throw new Error(`bad pyramid shape ${n} x ${d}`);
  if (E.length < n * d) throw new Error(`E holds ${E.length} values, fewer than ${n} x ${d}`);
  if (n >= 2 ** 30) throw new Error(`too many rows for a pyramid: ${n}`);
  const wanted = options.firstLevel ?? 3;
  if (!Number.isInteger(wanted) || wanted < 1 || wanted > 10) throw new Error(`firstLevel must be 1..10, not ${wanted}`);
  const top = log2Ceil(Math.max(1, n)); // level `top` has one row
  const first = Math.min(wanted, Math.max(1, top));
  const max: Float32Array[] = [E];
  const mean: Float32Array[] = [E];
  for (let k = 1; k < first; k++) {
    max.push(NOT_STORED);
    mean.push(NOT_STORED);
  }

  // One pass over E: level `first` (max and float64 mean of each 2^first rows) and the prefix sums.
  const span0 = 2 ** first;
  const rows0 = Math.ceil(n / span0);
  const firstMax = new Float32Array(top >= 1 ? rows0 * d : 0);
  const firstMean = new Float32Array(top >= 1 ? rows0 * d : 0);
  const prefix = new Float64Array((Math.ceil(n / PREFIX_ROWS) + 1) * d);
  const mx = new Float64Array(d);
  const sm = new Float64Array(d);
  const running = new Float64Array(d);
  for (let i = 0; i < rows0; i++) {
    const r0 = i * span0;
    const r1 = Math.min(r0 + span0, n);
    mx.fill(-Infinity);
    sm.fill(0);
    for (let r = r0; r < r1; r++) {
      const base = r * d;
      for (let s = 0; s < d; s++) {
        const e = E[base + s];
        if (e > mx[s]) mx[s] = e; // same comparison as the brute force: NaN never wins
        sm[s] += e;
      }
    }
    const o = i * d;
    for (let s = 0; s < d; s++) running[s] += sm[s];
    if (top >= 1) {
      const scale = 1 / (r1 - r0);
      for (let s = 0; s < d; s++) {
        firstMax[o + s] = mx[s];
        firstMean[o + s] = sm[s] * scale;
      }
    }
    if (r1 % PREFIX_ROWS === 0 || r1 === n) prefix.set(running, Math.ceil(r1 / PREFIX_ROWS) * d);
  }
  if (top < 1) return { n, d, firstLevel: first, max, mean, prefix };
  max.push(firstMax);
  mean.push(firstMean);

  // Levels above: pairs of the level below.
  let rows = rows0;
  let span = span0; // rows of E per full row of the previous level
  while (rows > 1) {
    const prevMax = max[max.length - 1];
    const prevMean = mean[mean.length - 1];
    const next = Math.ceil(rows / 2);
    const outMax = new Float32Array(next * d);
    const outMean = new Float32Array(next * d);
    const pairs = rows >> 1; // full pairs; an odd last row is copied
    for (let i = 0; i < pairs; i++) {
      const a = 2 * i * d;
      const b = a + d;
      const o = i * d;
      for (let s = 0; s < d; s++) {
        const x = prevMax[a + s];
        const y = prevMax[b + s];
        outMax[o + s] = y > x ? y : x; // no NaN above level 0 (a NaN-only block is -Infinity)
        outMean[o + s] = (prevMean[a + s] + prevMean[b + s]) * 0.5;
      }
    }
    if (rows % 2 === 1) {
      outMax.set(prevMax.subarray((rows - 1) * d, rows * d), pairs * d);
      outMean.set(prevMean.subarray((rows - 1) * d, rows * d), pairs * d);
    } else {
      // the last pair's right row may cover fewer than `span` rows of E: weight by rows covered
      const right = n - (rows - 1) * span;
      if (right !== span) {
        const a = (rows - 2) * d;
        const b = a + d;
        const o = (pairs - 1) * d;
        for (let s = 0; s < d; s++) outMean[o + s] = (prevMean[a + s] * span + prevMean[b + s] * right) / (span + right);
      }
    }
    max.push(outMax);
    mean.push(outMean);
    rows = next;
    span *= 2;
  }
  return { n, d, firstLevel: first, max, mean, prefix };
}

/** Bytes held above level 0 (E itself not counted). */
export function pyramidBytes(p: Pyramid): number {
  let bytes = 0;
  for (let k = 1; k < p.max.length; k++) bytes += p.max[k].byteLength + p.mean[k].byteLength;
  return bytes;
}

/** Adds E's rows [from, to) into totals (float64, row by row like the brute force). */
function addRows(p: Pyramid, from: number, to: number, totals: Float64Array): void {
  const E = p.max[0];
  const { d } = p;
  for (let r = from; r < to; r++) {
    const base = r * d;
    for (let s = 0; s < d; s++) totals[s] += E[base + s];
  }
}

/**
 * Per-signal float64 sum of E over [rowStart, rowEnd): what `heatmapBuckets` sorts by
 * (`sortByError`). Prefix sums for the whole PREFIX_ROWS groups inside the range, E rows at the
 * edges: O((PREFIX_ROWS + 1) x d) whatever the range.
 */
export function signalTotals(p: Pyramid, rowStart: number, rowEnd: number): Float64Array {
  const { n, d, prefix } = p;
  const from = clamp(Math.floor(rowStart), 0, n);
  const to = clamp(Math.ceil(rowEnd), from, n);
  const totals = new Float64Array(d);
  const jA = Math.ceil(from / PREFIX_ROWS);
  const jB = to === n ? Math.ceil(n / PREFIX_ROWS) : Math.floor(to / PREFIX_ROWS);
  const midFrom = jA * PREFIX_ROWS;
  const midTo = Math.min(jB * PREFIX_ROWS, n);
  if (midFrom >= midTo) {
    addRows(p, from, to, totals);
    return totals;
  }
  for (let s = 0; s < d; s++) totals[s] = prefix[jB * d + s] - prefix[jA * d + s];
  addRows(p, from, midFrom, totals);
  addRows(p, midTo, to, totals);
  return totals;
}

/** Signal indices ordered by total error in the range, largest first; ties keep column order. */
export function signalsByTotal(p: Pyramid, rowStart: number, rowEnd: number): Int32Array {
  const totals = signalTotals(p, rowStart, rowEnd);
  const order = Array.from({ length: p.d }, (_, s) => s).sort((a, b) => totals[b] - totals[a]);
  return Int32Array.from(order);
}

/*
 * The per-bucket block walks, one small monomorphic function per statistic (the hot path): rows
 * [from, to) are cut into blocks by blockLevel, and acc[j] gets the max / mean of signal signals[j].
 */
function bucketMax(p: Pyramid, first: number, from: number, to: number, signals: Int32Array, acc: Float64Array): void {
  const { n, d, max } = p;
  const top = max.length - 1;
  const m = signals.length;
  acc.fill(-Infinity);
  let r = from;
  while (r < to) {
    const k = blockLevel(n, top, first, r, to);
    const lv = max[k];
    const base = (r >> k) * d;
    for (let j = 0; j < m; j++) {
      const v = lv[base + signals[j]];
      if (v > acc[j]) acc[j] = v; // NaN (only possible in E itself) never wins, as in the brute force
    }
    r = Math.min(r + (1 << k), n);
  }
}

function bucketMean(p: Pyramid, first: number, from: number, to: number, signals: Int32Array, acc: Float64Array): void {
  const { n, d, mean } = p;
  const top = mean.length - 1;
  const m = signals.length;
  acc.fill(0);
  let r = from;
  while (r < to) {
    const k = blockLevel(n, top, first, r, to);
    const lv = mean[k];
    const base = (r >> k) * d;
    const next = Math.min(r + (1 << k), n);
    const count = next - r;
    for (let j = 0; j < m; j++) acc[j] += lv[base + signals[j]] * count;
    r = next;
  }
  const scale = 1 / (to - from);
  for (let j = 0; j < m; j++) acc[j] *= scale;
}

/**
 * Buckets x signals of the viewport, each value the max or the mean of E over the bucket's rows.
 * Cost: O(buckets x signals x blocks per bucket), blocks per bucket <= ~2 (log2(bucketRows) +
 * 2^firstLevel) ('exact') or 1 ('level'; < 2^firstLevel E rows when buckets are shorter); independent of the
 * number of rows in the range. Allocates `values` unless `out` is given and large enough.
 */
export function queryPyramid(p: Pyramid, q: PyramidQuery): PyramidView {
  const { n, d } = p;
  const top = p.max.length - 1;
  const first = p.firstLevel;
  const signals = q.signals ? Int32Array.from(q.signals) : Int32Array.from({ length: d }, (_, s) => s);
  for (const s of signals) if (!(s >= 0 && s < d)) throw new Error(`signal index ${s} outside 0..${d - 1}`);
  const width = Math.max(1, Math.floor(q.width));
  let rowStart = clamp(Math.floor(q.rowStart), 0, n);
  let rowEnd = clamp(Math.ceil(q.rowEnd), rowStart, n);
  let bucketRows = Math.max(1, Math.ceil((rowEnd - rowStart) / width));
  if (q.align === 'level' && rowEnd > rowStart) {
    const k = Math.min(top, log2Ceil(bucketRows));
    bucketRows = 2 ** k;
    rowStart = Math.floor(rowStart / bucketRows) * bucketRows;
    rowEnd = Math.min(Math.ceil(rowEnd / bucketRows) * bucketRows, n);
  }
  const buckets = Math.ceil((rowEnd - rowStart) / bucketRows);
  const stored = Math.min(top, log2Floor(bucketRows));
  const level = stored >= first ? stored : 0;
  const m = signals.length;
  const values = q.out && q.out.length >= buckets * m ? q.out.subarray(0, buckets * m) : new Float32Array(buckets * m);
  const rowStarts = new Int32Array(buckets);
  const acc = new Float64Array(m);
  const isMax = q.stat === 'max';
  let maxValue = buckets > 0 && m > 0 ? -Infinity : 0;
  for (let b = 0; b < buckets; b++) {
    const from = rowStart + b * bucketRows;
    const to = Math.min(from + bucketRows, rowEnd);
    rowStarts[b] = from;
    if (isMax) bucketMax(p, first, from, to, signals, acc);
    else bucketMean(p, first, from, to, signals, acc);
    const o = b * m;
    for (let j = 0; j < m; j++) {
      const v = acc[j];
      values[o + j] = v;
      if (v > maxValue) maxValue = v;
    }
  }
  maxValue = Math.fround(maxValue); // equal to the largest stored float32 value
  return { rowStart, rowEnd, bucketRows, buckets, rowStarts, signals, values, maxValue, level };
}

/**
 * The `results:heatmap` response from the pyramid: with align 'exact' (default) the same buckets,
 * order and fields as `heatmapBuckets` (max per bucket unless stat 'mean'); with 'level' the range
 * snaps outwards to whole stored buckets (the worst viewport twice as fast), and rowStart, rowEnd
 * and bucketSize say where the buckets lie.
 */
export function pyramidHeatmap(
  p: Pyramid,
  signalNames: string[],
  args: { rowStart: number; rowEnd: number; width: number; sortByError: boolean; stat?: PyramidStat; align?: 'exact' | 'level' },
): HeatmapResponse {
  const order = args.sortByError ? signalsByTotal(p, args.rowStart, args.rowEnd) : undefined;
  const view = queryPyramid(p, { ...args, signals: order, stat: args.stat ?? 'max' });
  return {
    rowStart: view.rowStart,
    rowEnd: view.rowEnd,
    bucketSize: view.bucketRows,
    signals: Array.from(view.signals, (s) => signalNames[s]!),
    values: view.values,
    maxValue: view.maxValue,
  };
}
