/*
 * HitRate@P% of signal explanations against ground-truth culprit signals (DESIGN section 4):
 * for one ranking of the signals and a truth set T, the share of T found among the top
 * floor(P/100 x |T|) signals of the ranking. Over a data set it is the mean over every labelled row
 * covered by an interpretation segment, each row ranked by its own error (the OmniAnomaly /
 * InterFusion protocol, which the peer numbers use) or, optionally, by the pooled error of
 * the segment it belongs to.
 *
 * Conventions shared with explain.ts: E is row-major, nRows x nSignals, E[r * nSignals + s].
 */

import type { Scoring } from '../../shared/domain/model-config';
import { smoothingSpan } from './scoring';

/**
 * One interpreted segment: rows [start, end) (0-based, half-open, as the source numbers) and the
 * culprit signals as 0-based COLUMN indices of E. A culprit the run does not have is -1: it counts
 * in |T| but can never be found.
 */
export interface CulpritSegment {
  start: number;
  end: number;
  signals: number[];
}

/** How one ranking of signals is built for a row covered by a segment. */
export type CulpritPooling =
  /** the row's own error (the peers' protocol) */
  | 'row'
  /** the signal's mean error over the segment's rows */
  | 'mean'
  /** the signal's highest error over the segment's rows */
  | 'peak'
  /** the signal's median error over the segment's rows */
  | 'median'
  /**
   * the signal's highest error over the rows the row's score is smoothed over (`span`): what the
   * product shows for a row, needing no knowledge of where the true segment starts and ends
   */
  | 'span-peak';

function fail(message: string): never {
  throw new Error(`interpretation labels: ${message}`);
}

function asIndex(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) fail(`${what} must be a whole number >= 0, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * Reads ground-truth culprits in either of two forms, giving segments whose `signals` are 0-based
 * SOURCE feature indices (the file's n-th metric column is n-1):
 * - the JSON list in ../shared/datasets (`{start, end, features, raw}`; `features` is already 0-based
 *   and, where `raw` is present, must agree with it);
 * - OmniAnomaly's `interpretation_label` text, one `start-end:d1,d2,...` per line with 1-BASED
 *   dimension numbers.
 * start/end are taken as they stand: 0-based, end exclusive (checked against SMD's test_label).
 */
export function parseInterpretation(text: string): CulpritSegment[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let list: unknown;
    try {
      list = JSON.parse(trimmed);
    } catch (error) {
      fail(`not valid JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(list)) fail('expected a JSON list of segments');
    return list.map((item, i) => {
      if (typeof item !== 'object' || item === null) fail(`segment ${i} is not an object`);
      const { start, end, features, raw } = item as Record<string, unknown>;
      const fromRaw = typeof raw === 'string' ? parseLine(raw, i + 1) : null;
      if (!Array.isArray(features) && !fromRaw) fail(`segment ${i} has neither "features" nor "raw"`);
      const segment: CulpritSegment = {
        start: asIndex(start ?? fromRaw?.start, `segment ${i} start`),
        end: asIndex(end ?? fromRaw?.end, `segment ${i} end`),
        signals: Array.isArray(features) ? features.map((f, j) => asIndex(f, `segment ${i} feature ${j}`)) : fromRaw!.signals,
      };
      if (segment.end <= segment.start) fail(`segment ${i} ends (${segment.end}) at or before it starts (${segment.start})`);
      if (fromRaw) {
        const same =
          fromRaw.start === segment.start &&
          fromRaw.end === segment.end &&
          fromRaw.signals.length === segment.signals.length &&
          fromRaw.signals.every((s, j) => s === segment.signals[j]);
        if (!same) fail(`segment ${i}: "raw" ${JSON.stringify(raw)} disagrees with start/end/features (features are raw dimensions minus one)`);
      }
      return segment;
    });
  }
  return trimmed
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line, i) => parseLine(line, i + 1));
}

/** `start-end:d1,d2,...` with 1-based dimensions, into 0-based feature indices. */
function parseLine(line: string, lineNo: number): CulpritSegment {
  const m = /^(\d+)\s*-\s*(\d+)\s*:\s*(\d+(?:\s*,\s*\d+)*)\s*$/.exec(line);
  if (!m) fail(`line ${lineNo}: expected "start-end:d1,d2,..." (dimensions from 1), got ${JSON.stringify(line)}`);
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (end <= start) fail(`line ${lineNo}: end (${end}) is not after start (${start})`);
  const signals = m[3]!.split(',').map((d) => {
    const dim = Number(d.trim());
    if (dim < 1) fail(`line ${lineNo}: dimensions are numbered from 1, got ${dim}`);
    return dim - 1;
  });
  return { start, end, signals };
}

/**
 * Maps source feature indices to columns of E: feature i is the i-th signal column of the source file
 * (`sourceSignals[i]`, e.g. SMD's f00..f37), found by name among the run's signals. Culprits the run
 * left out become -1 (still counted in |T|); an index beyond the source's columns is an error.
 */
export function mapCulpritsToColumns(segments: CulpritSegment[], sourceSignals: string[], runSignals: string[]): CulpritSegment[] {
  const column = new Map(runSignals.map((name, i) => [name, i]));
  return segments.map((segment) => ({
    ...segment,
    signals: segment.signals.map((f) => {
      if (f >= sourceSignals.length) fail(`feature ${f} (dimension ${f + 1}) is beyond the ${sourceSignals.length} signal columns`);
      return column.get(sourceSignals[f]!) ?? -1;
    }),
  }));
}

/**
 * HitRate@P% of one ranking: `scores[s]` ranks signal s (higher = more to blame; ties keep column
 * order), `truth` the culprit columns (duplicates count once). The top floor(P/100 x |T|) signals,
 * at most all of them, are compared with T. 0 for an empty T.
 */
export function hitRateOfRanking(scores: ArrayLike<number>, truth: ArrayLike<number>, p: number): number {
  const truthSet = new Set<number>(Array.from(truth));
  if (truthSet.size === 0) return 0;
  const k = Math.min(scores.length, Math.floor(((p / 100) * truthSet.size) + 1e-9));
  const top = topK(scores, k);
  let hits = 0;
  for (const s of top) if (truthSet.has(s)) hits++;
  return hits / truthSet.size;
}

/** Indices of the k highest scores; ties broken by the lower index; NaN ranks last. */
function topK(scores: ArrayLike<number>, k: number): number[] {
  const order = Array.from({ length: scores.length }, (_, i) => i);
  const key = (i: number) => (Number.isNaN(scores[i]) ? -Infinity : scores[i]);
  order.sort((a, b) => key(b) - key(a) || a - b);
  return order.slice(0, k);
}

export interface HitRateResult {
  /** HitRate@P% per requested P, in the order asked */
  hitRates: number[];
  /** rows that entered the mean */
  rows: number;
}

/**
 * HitRate@P% over a data set: the mean over every row r that lies in at least one segment (and,
 * with labels, is labelled anomalous) of the ranking's HitRate against the union of the culprits of
 * the segments covering r. The ranking of row r is E's row r (pooling 'row'), or the signal's error
 * pooled over the segment's rows ('mean', 'peak', 'median'; with nested segments, the shortest one
 * covering r), or its peak over the row's own smoothing span ('span-peak', which needs `span`). `scale` (and `center`), when given, turn each signal's (pooled) error e into
 * (e - center[s]) / scale[s] before ranking: scale alone = error relative to the signal's typical
 * training error; center = training mean and scale = training std = a z-score. Both commute with
 * the poolings, so applying them after pooling equals applying them per row. Rows beyond E are skipped.
 */
export function hitRate(args: {
  E: Float32Array;
  nSignals: number;
  segments: CulpritSegment[];
  percents: number[];
  labels?: ArrayLike<number> | null;
  pooling?: CulpritPooling;
  /** the rows a row's score is smoothed over, for 'span-peak' */
  span?: { rows: number; align: Scoring['smoothingAlign'] };
  scale?: ArrayLike<number> | null;
  center?: ArrayLike<number> | null;
}): HitRateResult {
  const { E, nSignals, segments, percents, labels = null, pooling = 'row', span, scale = null, center = null } = args;
  if (nSignals <= 0) throw new Error(`nSignals must be positive, got ${nSignals}`);
  if (pooling === 'span-peak' && !span) throw new Error("'span-peak' pooling needs the smoothing span");
  const nRows = Math.floor(E.length / nSignals);
  for (const [name, v] of [['scale', scale], ['center', center]] as const) {
    if (v && v.length !== nSignals) throw new Error(`${name} has ${v.length} values for ${nSignals} signals`);
  }

  // culprit union and the owning (shortest) segment per covered row
  const truthOf = new Map<number, Set<number>>();
  const ownerOf = new Map<number, number>();
  segments.forEach((segment, i) => {
    for (let r = Math.max(0, segment.start); r < Math.min(segment.end, nRows); r++) {
      if (labels && !(labels[r]! > 0)) continue;
      let truth = truthOf.get(r);
      if (!truth) truthOf.set(r, (truth = new Set()));
      for (const s of segment.signals) truth.add(s);
      const owner = ownerOf.get(r);
      if (owner === undefined || segment.end - segment.start < segments[owner]!.end - segments[owner]!.start) ownerOf.set(r, i);
    }
  });

  const pooled = new Map<number, Float64Array>();
  const rankingOf = (r: number): Float64Array => {
    let scores: Float64Array;
    if (pooling === 'row') {
      scores = Float64Array.from(E.subarray(r * nSignals, (r + 1) * nSignals));
    } else if (pooling === 'span-peak') {
      const [from, to] = smoothingSpan(r, nRows, span!.rows, span!.align);
      scores = poolSegment(E, nSignals, from, to, 'peak');
    } else {
      const owner = ownerOf.get(r)!;
      const cached = pooled.get(owner);
      if (cached) return cached;
      const segment = segments[owner]!;
      scores = poolSegment(E, nSignals, Math.max(0, segment.start), Math.min(segment.end, nRows), pooling);
      pooled.set(owner, scores);
    }
    if (center) for (let s = 0; s < nSignals; s++) scores[s] -= center[s]!;
    if (scale) for (let s = 0; s < nSignals; s++) scores[s] /= Math.max(scale[s]!, 1e-12);
    return scores;
  };

  const sums = new Float64Array(percents.length);
  let rows = 0;
  for (const [r, truth] of truthOf) {
    if (truth.size === 0) continue;
    const scores = rankingOf(r);
    const t = Array.from(truth);
    percents.forEach((p, i) => (sums[i] += hitRateOfRanking(scores, t, p)));
    rows++;
  }
  return { hitRates: Array.from(sums, (sum) => (rows === 0 ? 0 : sum / rows)), rows };
}

/** Each signal's error over rows [from, to), pooled by mean, peak or median. */
export function poolSegment(E: Float32Array, nSignals: number, from: number, to: number, pooling: 'mean' | 'peak' | 'median'): Float64Array {
  const out = new Float64Array(nSignals);
  const n = to - from;
  if (n <= 0) return out;
  if (pooling === 'median') {
    const column = new Float64Array(n);
    for (let s = 0; s < nSignals; s++) {
      for (let r = from; r < to; r++) column[r - from] = E[r * nSignals + s]!;
      column.sort();
      out[s] = n % 2 ? column[(n - 1) / 2]! : (column[n / 2 - 1]! + column[n / 2]!) / 2;
    }
    return out;
  }
  if (pooling === 'peak') out.fill(-Infinity);
  for (let r = from; r < to; r++) {
    for (let s = 0; s < nSignals; s++) {
      const e = E[r * nSignals + s]!;
      if (pooling === 'peak') out[s] = Math.max(out[s]!, e);
      else out[s] += e;
    }
  }
  if (pooling === 'mean') for (let s = 0; s < nSignals; s++) out[s] /= n;
  return out;
}

export interface CulpritHitRates {
  /** labelled rows covered by a truth segment */
  rows: number;
  /** each row's culprits ranked as the product explains the row: peak error over its smoothing span */
  hitRate100: number;
  hitRate150: number;
  /** the peers' protocol: each row's culprits ranked by that row's error alone */
  rowHitRate100: number;
  rowHitRate150: number;
}

/** HitRate@100% and @150% of a run's explanations against ground-truth culprits (columns of E), both ways of ranking. */
export function culpritHitRates(args: {
  E: Float32Array;
  nSignals: number;
  segments: CulpritSegment[];
  labels: ArrayLike<number> | null;
  span: { rows: number; align: Scoring['smoothingAlign'] };
}): CulpritHitRates {
  const common = { E: args.E, nSignals: args.nSignals, segments: args.segments, percents: [100, 150], labels: args.labels };
  const spanned = hitRate({ ...common, pooling: 'span-peak', span: args.span });
  const perRow = hitRate(common);
  return {
    rows: spanned.rows,
    hitRate100: spanned.hitRates[0]!,
    hitRate150: spanned.hitRates[1]!,
    rowHitRate100: perRow.hitRates[0]!,
    rowHitRate150: perRow.hitRates[1]!,
  };
}
