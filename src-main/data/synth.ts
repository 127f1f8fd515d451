/**
 * Deterministic synthetic signals for the sample dataset and tests (seed study 004): a few latent
 * cycles (daily, slow, a smooth random drift) mixed linearly into correlated signals plus noise,
 * with injected anomaly segments of three kinds, each naming its culprit signals.
 * Pure: no Node or DOM APIs, so it also bundles into scripts and the CLI.
 */

import { mulberry32 } from '../../shared/random';

export { mulberry32 };

export type AnomalyKind = 'mean-shift' | 'correlation-break' | 'variance-explosion';
export const anomalyKinds: readonly AnomalyKind[] = ['mean-shift', 'correlation-break', 'variance-explosion'];

export interface SignalSpec {
  name: string;
  /** typical level (default 0) */
  mean?: number;
  /** typical size of the latent-driven swings (default 1) */
  scale?: number;
  /** noise standard deviation as a share of `scale` (default: options.noise) */
  noise?: number;
}

export interface SynthOptions {
  rows: number;
  signals: (string | SignalSpec)[];
  seed?: number;
  /** latent factors: 2 daily harmonics, a slow cycle, then smooth random drifts (default 4) */
  latent?: number;
  /** rows per day for the daily cycle (default 1440: one row a minute) */
  period?: number;
  /** default noise standard deviation relative to each signal's scale (default 0.1) */
  noise?: number;
  /** share of rows inside anomaly segments, 0 to 0.5 (default 0.05) */
  anomalyShare?: number;
  /** the kinds injected, taken in turn (default all three) */
  kinds?: readonly AnomalyKind[];
  /** segments start at or after this fraction of the rows... (default 0.6) */
  anomaliesAfter?: number;
  /** ...except this many, placed earlier (default 1) */
  earlySegments?: number;
  /** segment length range in rows (default 25..80) */
  minSegment?: number;
  maxSegment?: number;
}

export interface SynthSegment {
  /** first and last row, 0-based, inclusive */
  start: number;
  end: number;
  kind: AnomalyKind;
  culprits: string[];
}

export interface SynthData {
  /** signal names then "label" */
  header: string[];
  /** one row per time step: the signal values then the 0/1 label */
  rows: number[][];
  segments: SynthSegment[];
}

function normalSource(uniform: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u = 1 - uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

export function generateSynthetic(options: SynthOptions): SynthData {
  const steps = generateSyntheticSteps(options, Infinity);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same generation in steps: yields the rows generated so far after every `rowsPerStep` rows
 * and returns the data, so a caller can report progress and stop between steps.
 */
export function* generateSyntheticSteps(options: SynthOptions, rowsPerStep: number): Generator<number, SynthData> {
  const n = Math.floor(options.rows);
  if (!(n > 0)) throw new RangeError('rows must be positive');
  if (options.signals.length === 0) throw new RangeError('at least one signal is needed');
  const specs = options.signals.map((s) => (typeof s === 'string' ? { name: s } : s));
  const names = specs.map((s) => s.name);
  if (new Set(names).size !== names.length || names.includes('label')) throw new RangeError('signal names must be unique and not "label"');
  const share = options.anomalyShare ?? 0.05;
  if (!(share >= 0 && share <= 0.5)) throw new RangeError('anomalyShare must be from 0 to 0.5');
  const kinds = options.kinds ?? anomalyKinds;
  if (kinds.length === 0) throw new RangeError('at least one anomaly kind is needed');
  const d = specs.length;
  const k = Math.max(1, Math.floor(options.latent ?? 4));
  const period = options.period ?? 1440;
  const uniform = mulberry32(options.seed ?? 4);
  const normal = normalSource(uniform);

  // Latent factors, each with unit-ish variance.
  const slowPeriod = period * (2.5 + uniform());
  const phase = uniform() * 2 * Math.PI;
  const drift = new Float64Array(k);
  const z = (t: number, j: number): number => {
    if (j === 0) return Math.SQRT2 * Math.sin((2 * Math.PI * t) / period + phase);
    if (j === 1) return Math.SQRT2 * Math.sin((4 * Math.PI * t) / period + 2 * phase);
    if (j === 2) return Math.SQRT2 * Math.sin((2 * Math.PI * t) / slowPeriod);
    // AR(1) with unit stationary variance, smooth over ~100 rows
    const rho = 0.99;
    drift[j] = rho * drift[j] + Math.sqrt(1 - rho * rho) * normal();
    return drift[j];
  };

  // Mixing weights: each signal a random unit-norm combination of the latent factors.
  const weights = specs.map(() => {
    const w = Array.from({ length: k }, () => normal());
    const norm = Math.hypot(...w) || 1;
    return w.map((x) => x / norm);
  });
  const noise = specs.map((s) => s.noise ?? options.noise ?? 0.1);
  const mean = specs.map((s) => s.mean ?? 0);
  const scale = specs.map((s) => s.scale ?? 1);

  const latent = new Float64Array(k);
  const rows: number[][] = new Array(n);
  for (let t = 0; t < n; t++) {
    for (let j = 0; j < k; j++) latent[j] = z(t, j);
    const row = new Array<number>(d + 1);
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += weights[i][j] * latent[j];
      row[i] = mean[i] + scale[i] * (s + noise[i] * normal());
    }
    row[d] = 0;
    rows[t] = row;
    if ((t + 1) % rowsPerStep === 0 || t + 1 === n) yield t + 1;
  }

  // Each signal's spread over the normal data sets the size of the injected faults.
  const std = names.map((_, i) => {
    let m = 0;
    for (const r of rows) m += r[i];
    m /= n;
    let v = 0;
    for (const r of rows) v += (r[i] - m) ** 2;
    return Math.sqrt(v / n) || 1;
  });
  const signalMean = names.map((_, i) => rows.reduce((a, r) => a + r[i], 0) / n);

  const segments = placeSegments(n, share, options, uniform).map((span, index): SynthSegment => {
    const kind = kinds[index % kinds.length]!;
    const count = kind === 'variance-explosion' ? 1 : Math.min(d, 1 + Math.floor(uniform() * Math.min(3, d)));
    const culprits = pickDistinct(d, count, uniform).sort((a, b) => a - b);
    for (const i of culprits) {
      const sign = uniform() < 0.5 ? -1 : 1;
      const shift = sign * (3 + 2 * uniform()) * std[i];
      const blowUp = (4 + 2 * uniform()) * std[i];
      for (let t = span.start; t <= span.end; t++) {
        const r = rows[t];
        if (kind === 'mean-shift') r[i] += shift;
        else if (kind === 'correlation-break') r[i] = signalMean[i] + std[i] * normal();
        else r[i] += blowUp * normal();
      }
    }
    for (let t = span.start; t <= span.end; t++) rows[t][d] = 1;
    return { ...span, kind, culprits: culprits.map((i) => names[i]) };
  });

  return { header: [...names, 'label'], rows, segments };
}

/** Names for `count` generated signals: s00, s01, ... numbered from 0 like the truth file's features. */
export function signalNames(count: number): string[] {
  const width = Math.max(2, String(count - 1).length);
  return Array.from({ length: count }, (_, i) => `s${String(i).padStart(width, '0')}`);
}

/** One anomaly in the interpretation-label format `parseInterpretation` reads, with its kind and culprit names. */
export interface TruthSegment {
  /** first row, 0-based */
  start: number;
  /** one past the last row (half-open, as the SMD interpretation labels) */
  end: number;
  /** culprits as 0-based indices of the signal columns */
  features: number[];
  /** the same in OmniAnomaly's `start-end:d1,d2` form with 1-based dimensions */
  raw: string;
  kind: AnomalyKind;
  signals: string[];
}

export function truthOf(data: SynthData): TruthSegment[] {
  const signals = data.header.slice(0, -1);
  return data.segments.map((s) => {
    const features = s.culprits.map((name) => signals.indexOf(name));
    const end = s.end + 1;
    return { start: s.start, end, features, raw: `${s.start}-${end}:${features.map((f) => f + 1).join(',')}`, kind: s.kind, signals: s.culprits };
  });
}

function pickDistinct(d: number, count: number, uniform: () => number): number[] {
  const pool = Array.from({ length: d }, (_, i) => i);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, count);
}

/**
 * Non-overlapping spans covering `share` of the rows, sorted by start: random places in the later
 * rows (plus a few earlier ones), then, where a high share leaves no room there, the longest free
 * stretches anywhere, still one normal row apart.
 */
function placeSegments(n: number, share: number, options: SynthOptions, uniform: () => number): { start: number; end: number }[] {
  let target = Math.round(share * n);
  if (target <= 0) return [];
  const minLen = Math.max(1, Math.min(options.minSegment ?? 25, target));
  const maxLen = Math.max(minLen, options.maxSegment ?? 80);
  const split = Math.floor((options.anomaliesAfter ?? 0.6) * n);
  const early = Math.max(0, Math.floor(options.earlySegments ?? 1));
  const spans: { start: number; end: number }[] = [];
  // a row map keeps the overlap check cheap for millions of rows and thousands of segments
  const taken = new Uint8Array(n);
  const overlaps = (s: number, e: number) => {
    for (let t = Math.max(0, s - minLen); t <= Math.min(n - 1, e + minLen); t++) if (taken[t]) return true;
    return false;
  };
  const take = (start: number, end: number) => {
    spans.push({ start, end });
    taken.fill(1, start, end + 1);
  };
  const place = (length: number, from: number, to: number): boolean => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const room = to - from - length;
      if (room < 0) return false;
      const start = from + Math.floor(uniform() * (room + 1));
      const end = start + length - 1;
      if (!overlaps(start, end)) {
        take(start, end);
        return true;
      }
    }
    return false;
  };
  const length = () => Math.min(target, minLen + Math.floor(uniform() * (maxLen - minLen + 1)));
  for (let i = 0; i < early && target > 0; i++) {
    const len = length();
    if (place(len, Math.floor(0.1 * n), split)) target -= len;
  }
  while (target > 0) {
    let len = length();
    // keep the last segment from ending shorter than minLen
    if (target - len > 0 && target - len < minLen) len = target;
    if (!place(len, split, n)) break;
    target -= len;
  }
  if (target > 0) fillFreeStretches(n, taken, target, length, uniform).forEach(([start, end]) => take(start, end));
  return spans.sort((a, b) => a.start - b.start);
}

/** Spans of `target` rows in all, each in the longest free stretch left, one free row kept on each side. */
function fillFreeStretches(n: number, taken: Uint8Array, target: number, length: () => number, uniform: () => number): [number, number][] {
  const free: [number, number][] = [];
  for (let t = 0; t < n; ) {
    if (taken[t]) {
      t++;
      continue;
    }
    let end = t;
    while (end + 1 < n && !taken[end + 1]) end++;
    const first = t > 0 ? t + 1 : t;
    const last = end < n - 1 ? end - 1 : end;
    if (last >= first) free.push([first, last]);
    t = end + 1;
  }
  const placed: [number, number][] = [];
  while (target > 0 && free.length > 0) {
    let widest = 0;
    for (let i = 1; i < free.length; i++) if (free[i]![1] - free[i]![0] > free[widest]![1] - free[widest]![0]) widest = i;
    const [a, b] = free[widest]!;
    const len = Math.min(length(), target, b - a + 1);
    const start = a + Math.floor(uniform() * (b - a + 2 - len));
    const end = start + len - 1;
    placed.push([start, end]);
    target -= len;
    const pieces: [number, number][] = [
      [a, start - 2],
      [end + 2, b],
    ];
    free.splice(widest, 1, ...pieces.filter(([s, e]) => e >= s));
  }
  return placed;
}

export interface CsvOptions {
  /** decimals to round signal values to (default 4) */
  decimals?: number;
  /** with a start time (ISO 8601), a `time` column of ISO timestamps (UTC, written without zone) comes first; otherwise a row index `t` */
  start?: string;
  stepSeconds?: number;
  timeColumn?: string;
}

/** The data as CSV text with a header line, "\n" line ends. */
export function toCsv(data: SynthData, options: CsvOptions = {}): string {
  return [...csvChunks(data, options)].join('');
}

/** The same text in pieces of `linesPerChunk` lines, so millions of rows never make one huge string. */
export function* csvChunks(data: SynthData, options: CsvOptions = {}, linesPerChunk = 10_000): Generator<string> {
  const decimals = options.decimals ?? 4;
  const factor = 10 ** decimals;
  const round = (x: number) => {
    const r = Math.round(x * factor) / factor;
    return Object.is(r, -0) ? 0 : r;
  };
  const startMs = options.start === undefined ? null : Date.parse(options.start);
  if (startMs !== null && Number.isNaN(startMs)) throw new RangeError(`not an ISO time: ${options.start}`);
  const stepMs = (options.stepSeconds ?? 60) * 1000;
  const timeName = options.timeColumn ?? (startMs === null ? 't' : 'time');
  const iso = (t: number) => new Date((startMs as number) + t * stepMs).toISOString().slice(0, 19);
  const last = data.header.length - 1;
  yield `${[timeName, ...data.header].join(',')}\n`;
  for (let from = 0; from < data.rows.length; from += linesPerChunk) {
    const lines = data.rows.slice(from, from + linesPerChunk).map((row, i) => {
      const cells = row.map((v, c) => (c === last ? String(v) : String(round(v))));
      return [startMs === null ? String(from + i) : iso(from + i), ...cells].join(',');
    });
    yield `${lines.join('\n')}\n`;
  }
}

/** The embedded sample `assets/sample/pump-station.csv` (regenerate with `node scripts/make-sample.mjs`). */
export const pumpStation = {
  options: {
    rows: 6000,
    seed: 20240301,
    latent: 4,
    noise: 0.12,
    anomalyShare: 0.05,
    anomaliesAfter: 0.6,
    earlySegments: 1,
    minSegment: 20,
    maxSegment: 55,
    signals: [
      { name: 'inlet_pressure', mean: 2.1, scale: 0.15 },
      { name: 'outlet_pressure', mean: 6.4, scale: 0.35 },
      { name: 'flow_rate', mean: 118, scale: 9 },
      { name: 'motor_current', mean: 42, scale: 3.5 },
      { name: 'motor_temp', mean: 64, scale: 2.5, noise: 0.06 },
      { name: 'vibration', mean: 2.4, scale: 0.25, noise: 0.3 },
      { name: 'valve_position', mean: 58, scale: 6 },
      { name: 'tank_level', mean: 3.2, scale: 0.4, noise: 0.05 },
      { name: 'power_kw', mean: 27, scale: 2.2 },
    ],
  } satisfies SynthOptions,
  csv: { start: '2024-03-01T00:00:00Z', stepSeconds: 60, decimals: 4, timeColumn: 'time' } satisfies CsvOptions,
};
