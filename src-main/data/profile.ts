import type { ColumnProfile } from '../../shared/ipc/datasets';
import type { ColumnStats, ParsedTable } from './parsed-table';

/** Bins of the sparkline histogram. */
export const histogramBins = 16;
/** Distinct values are counted exactly up to this many, then estimated (HyperLogLog, ~1.6% error). */
export const exactDistinctCap = 65_536;

const hllBits = 12;
const hllSize = 1 << hllBits;

/** murmur3's 32-bit finaliser: a cheap, well-mixed hash of one word. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

/** 32-bit hash of a number's float64 bits (-0 and 0 hash alike). */
function hashNumber(x: number): number {
  scratch[0] = x === 0 ? 0 : x;
  return mix32(scratchWords[0] ^ mix32(scratchWords[1] + 0x9e3779b9));
}

/** HyperLogLog with 2^12 registers. */
class HyperLogLog {
  private readonly registers = new Uint8Array(hllSize);

  add(x: number): void {
    const h = hashNumber(x);
    const index = h >>> (32 - hllBits);
    const rest = (h << hllBits) >>> 0;
    const rank = rest === 0 ? 32 - hllBits + 1 : Math.clz32(rest) + 1;
    if (rank > this.registers[index]) this.registers[index] = rank;
  }

  estimate(): number {
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < hllSize; i++) {
      sum += 2 ** -this.registers[i];
      if (this.registers[i] === 0) zeros++;
    }
    const alpha = 0.7213 / (1 + 1.079 / hllSize);
    const raw = (alpha * hllSize * hllSize) / sum;
    // linear counting is the better estimate while many registers are still empty
    if (raw <= 2.5 * hllSize && zeros > 0) return Math.round(hllSize * Math.log(hllSize / zeros));
    return Math.round(raw);
  }
}

/**
 * Profile of one column of a row-major block: element `offset + i * stride` for i < n.
 * Missing values are NaN and +/-Inf. One pass gathers count, range, mean and variance (Welford)
 * and the distinct count; the histogram needs the range, so it takes a second, cheap pass.
 * Nothing is copied.
 */
export function profileColumn(values: Float32Array | Float64Array, stride: number, offset: number, n: number): ColumnProfile {
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  let mean = 0;
  let m2 = 0;
  let exact: Set<number> | null = new Set<number>();
  let hll: HyperLogLog | null = null;
  for (let i = 0, k = offset; i < n; i++, k += stride) {
    const v = values[k];
    if (v - v !== 0) continue; // NaN and +/-Inf are missing
    count++;
    if (v < min) min = v;
    if (v > max) max = v;
    const delta = v - mean;
    mean += delta / count;
    m2 += delta * (v - mean);
    if (exact !== null) {
      exact.add(v === 0 ? 0 : v);
      if (exact.size > exactDistinctCap) {
        hll = new HyperLogLog();
        for (const x of exact) hll.add(x);
        exact = null;
      }
    } else {
      hll!.add(v);
    }
  }
  if (count === 0) {
    return { count: 0, missing: n, min: null, max: null, mean: null, std: null, distinct: 0, constant: false, histogram: [] };
  }
  const histogram = new Array<number>(histogramBins).fill(0);
  const width = (max - min) / histogramBins;
  if (width > 0) {
    for (let i = 0, k = offset; i < n; i++, k += stride) {
      const v = values[k];
      if (v - v !== 0) continue;
      const bin = Math.floor((v - min) / width);
      histogram[bin >= histogramBins ? histogramBins - 1 : bin]++;
    }
  } else {
    histogram[0] = count;
  }
  return {
    count,
    missing: n - count,
    min,
    max,
    mean,
    std: Math.sqrt(m2 / count),
    distinct: exact !== null ? exact.size : Math.max(hll!.estimate(), exactDistinctCap),
    constant: min === max,
    histogram,
  };
}

/** Distinct counts of large tables come from at most this many evenly spaced rows. */
const distinctSampleRows = 16_384;
/** Histograms of large tables come from at most this many evenly spaced rows. */
const histogramSampleRows = 65_536;

/** Distinct values of one column over every `step`-th row, scaled up when most sampled values are unique. */
function sampledDistinct(values: Float32Array | Float64Array, k: number, column: number, n: number, step: number, count: number): number {
  const sampleRows = Math.ceil(n / step);
  const sample = profileColumn(values, k * step, column, sampleRows);
  if (step === 1 || sample.count === 0) return sample.distinct ?? 0;
  const share = sample.distinct! / sample.count;
  // a column of a few repeated levels shows them all in the sample; a continuous one keeps growing
  return share > 0.5 ? Math.min(count, Math.round(share * count)) : sample.distinct!;
}

/**
 * Profiles of a table's numeric columns and of its time column. Row-major passes over all columns
 * at once (a column-by-column walk strides through the whole matrix once per column): one for
 * count, range, mean and std, one for the histograms; distinct counts from a row sample.
 */
export function profileTable(table: ParsedTable): Map<string, ColumnProfile> {
  const profiles = new Map<string, ColumnProfile>();
  const columns = profileRowMajor(table.values, table.n, table.numericColumns.length, table.columnStats);
  table.numericColumns.forEach((name, c) => profiles.set(name, columns[c]!));
  if (table.timeColumn !== null && table.times !== null) profiles.set(table.timeColumn, profileRowMajor(table.times, table.n, 1)[0]!);
  return profiles;
}

function profileRowMajor(values: Float32Array | Float64Array, n: number, k: number, known?: ColumnStats): ColumnProfile[] {
  const stats = known ?? columnStats(values, n, k);
  const { count, min, max } = stats;

  // The sparkline only needs the shape: bin a row sample of large tables, scaled to the full count.
  const histograms = Array.from({ length: k }, () => new Float64Array(histogramBins));
  const width = Float64Array.from({ length: k }, (_, c) => (max[c]! - min[c]!) / histogramBins);
  const histogramStep = Math.max(1, Math.ceil(n / histogramSampleRows));
  for (let r = 0; r < n; r += histogramStep) {
    for (let c = 0, i = r * k; c < k; c++, i++) {
      const v = values[i]!;
      if (v - v !== 0 || !(width[c]! > 0)) continue;
      const bin = Math.floor((v - min[c]!) / width[c]!);
      histograms[c]![bin >= histogramBins ? histogramBins - 1 : bin]++;
    }
  }
  const step = Math.max(1, Math.ceil(n / distinctSampleRows));
  return Array.from({ length: k }, (_, c): ColumnProfile => {
    const seen = count[c]!;
    if (seen === 0) {
      return { count: 0, missing: n, min: null, max: null, mean: null, std: null, distinct: 0, constant: false, histogram: [] };
    }
    const binned = histograms[c]!.reduce((a, b) => a + b, 0);
    const histogram = Array.from(histograms[c]!, (value) => (binned > 0 ? Math.round((value * seen) / binned) : 0));
    if (!(width[c]! > 0)) histogram[0] = seen;
    return {
      count: seen,
      missing: n - seen,
      min: min[c]!,
      max: max[c]!,
      mean: stats.mean[c]!,
      std: Math.sqrt(stats.m2[c]! / seen),
      distinct: sampledDistinct(values, k, c, n, step, seen),
      constant: min[c] === max[c],
      histogram,
    };
  });
}

/** Count, range, mean and M2 of every column in one row-major pass, for readers that did not gather them. */
function columnStats(values: Float32Array | Float64Array, n: number, k: number): ColumnStats {
  const count = new Float64Array(k);
  const min = new Float64Array(k).fill(Infinity);
  const max = new Float64Array(k).fill(-Infinity);
  const shift = new Float64Array(k).fill(NaN);
  const sum = new Float64Array(k);
  const squares = new Float64Array(k);
  for (let r = 0, i = 0; r < n; r++) {
    for (let c = 0; c < k; c++, i++) {
      const v = values[i]!;
      if (v - v !== 0) continue;
      if (count[c] === 0) shift[c] = v; // shifting by a sample value keeps the variance sum stable
      count[c]++;
      if (v < min[c]!) min[c] = v;
      if (v > max[c]!) max[c] = v;
      const x = v - shift[c]!;
      sum[c] += x;
      squares[c] += x * x;
    }
  }
  const mean = new Float64Array(k);
  const m2 = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    if (count[c] === 0) continue;
    const meanShifted = sum[c]! / count[c]!;
    mean[c] = shift[c]! + meanShifted;
    m2[c] = Math.max(0, squares[c]! - sum[c]! * meanShifted);
  }
  return { count, min, max, mean, m2 };
}
