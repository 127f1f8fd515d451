/**
 * Heatmap pyramid at scale (issue 5, DESIGN section 4): a deterministic 1M x 200 squared-error
 * matrix, the time to build its max/mean pyramid, 200 random viewports answered from it (median and
 * max ms), and the brute-force `heatmapBuckets` scan of the whole file next to the pyramid's answer
 * to the same viewport. Targets: build < 5 s, every viewport < 50 ms.
 */
import { performance } from 'node:perf_hooks';
import { mulberry32 } from '../../shared/random';
import { heatmapBuckets } from '../ml/explain';
import { buildPyramid, pyramidBytes, pyramidHeatmap, queryPyramid, signalsByTotal, type PyramidStat } from '../ml/pyramid';

export interface PyramidBenchFigure {
  name: string;
  value: number;
  unit: string;
}

export interface PyramidBenchOptions {
  rows?: number;
  signals?: number;
  viewports?: number;
  /** buildPyramid's firstLevel (default: its default) */
  firstLevel?: number;
}

/** Squared errors of a standard normal (chi-square 1) with a few multi-row spikes on some signals. */
function benchErrors(n: number, d: number): Float32Array {
  const u = mulberry32(20240705);
  const E = new Float32Array(n * d);
  for (let i = 0; i < E.length; i++) {
    const z = (u() + u() + u() - 1.5) * 2; // bell-shaped, cheap
    E[i] = z * z;
  }
  for (let event = 0; event < 50; event++) {
    const start = Math.floor(u() * n);
    const length = 1 + Math.floor(u() * 200);
    const signal = Math.floor(u() * d);
    for (let r = start; r < Math.min(n, start + length); r++) E[r * d + signal] += 20 + 80 * u();
  }
  return E;
}

const ms = (t0: number): number => performance.now() - t0;
const round = (x: number, digits = 2): number => Number(x.toFixed(digits));
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function pyramidBench(
  log: (line: string) => void,
  options: PyramidBenchOptions = {},
): Promise<Array<{ name: string; value: number; unit: string }>> {
  const n = options.rows ?? 1_000_000;
  const d = options.signals ?? 200;
  const count = options.viewports ?? 200;
  const shape = `${n} x ${d}`;
  const figures: PyramidBenchFigure[] = [];

  log(`pyramid: generating E ${shape} (${((n * d * 4) / 2 ** 20).toFixed(0)} MiB)`);
  const E = benchErrors(n, d);

  const tBuild = performance.now();
  const p = buildPyramid(E, n, d, { firstLevel: options.firstLevel });
  const buildMs = ms(tBuild);
  log(`pyramid: built levels ${p.firstLevel}..${p.max.length - 1} in ${buildMs.toFixed(0)} ms, ${(pyramidBytes(p) / 2 ** 20).toFixed(0)} MiB above E`);
  figures.push({ name: `pyramid build, ${shape}, levels ${p.firstLevel}..${p.max.length - 1}`, value: round(buildMs, 0), unit: 'ms' });
  figures.push({ name: `pyramid memory above E, ${shape}`, value: round(pyramidBytes(p) / 2 ** 20, 0), unit: 'MiB' });

  // Random viewports: span log-uniform from 50 rows to the whole file, width 200..4000 pixels,
  // max or mean, all signals in column order or by total error (the sortByError path, timed with it).
  const u = mulberry32(99);
  const aligns = ['exact', 'level'] as const;
  const times: Record<(typeof aligns)[number], number[]> = { exact: [], level: [] };
  const worstOf: Record<(typeof aligns)[number], string> = { exact: '', level: '' };
  for (let i = 0; i < count + 5; i++) {
    const span = Math.min(n, Math.max(1, Math.round(50 * (n / 50) ** u())));
    const rowStart = Math.floor(u() * (n - span + 1));
    const width = 200 + Math.floor(u() * 3801);
    const stat: PyramidStat = u() < 0.5 ? 'max' : 'mean';
    const sorted = u() < 0.5;
    for (const align of aligns) {
      const t0 = performance.now();
      const signals = sorted ? signalsByTotal(p, rowStart, rowStart + span) : undefined;
      queryPyramid(p, { rowStart, rowEnd: rowStart + span, width, stat, signals, align });
      const t = ms(t0);
      if (i < 5) continue; // warm-up (JIT)
      if (t > Math.max(0, ...times[align])) worstOf[align] = `${span} rows, width ${width}, ${stat}`;
      times[align].push(t);
    }
  }
  for (const align of aligns) {
    const worst = Math.max(...times[align]);
    log(`pyramid: ${count} viewports, align ${align}: median ${median(times[align]).toFixed(2)} ms, max ${worst.toFixed(2)} ms (${worstOf[align]})`);
    figures.push({ name: `pyramid viewport, align ${align}, ${count} random (50 rows..all, width 200..4000), median`, value: round(median(times[align])), unit: 'ms' });
    figures.push({ name: `pyramid viewport, align ${align}, ${count} random, max`, value: round(worst), unit: 'ms' });
  }

  // Worst cases for the exact block walk: long ranges at the widest the contract allows.
  for (const [label, rowStart, rowEnd, width] of [['whole file, width 4000', 0, n, 4000], ['rows 1..n-1, width 3999', 1, n - 1, 3999]] as const) {
    for (const stat of ['max', 'mean'] as const) {
      for (const align of aligns) {
        const t0 = performance.now();
        queryPyramid(p, { rowStart, rowEnd, width, stat, align });
        figures.push({ name: `pyramid viewport, ${label}, ${stat}, align ${align}`, value: round(ms(t0)), unit: 'ms' });
      }
    }
  }

  // Side by side: brute-force scan vs pyramid for one whole-file viewport, width 1000, sorted by error.
  const names = Array.from({ length: d }, (_, s) => `s${s}`);
  const args = { rowStart: 0, rowEnd: n, width: 1000, sortByError: true };
  let t0 = performance.now();
  const ref = heatmapBuckets({ E, nRows: n, nSignals: d, signals: names, ...args });
  const bruteMs = ms(t0);
  t0 = performance.now();
  const view = queryPyramid(p, { rowStart: 0, rowEnd: n, width: 1000, stat: 'max', signals: signalsByTotal(p, 0, n) });
  const pyramidMs = ms(t0);
  t0 = performance.now();
  const heatmap = pyramidHeatmap(p, names, args);
  const heatmapMs = ms(t0);
  const same = heatmap.values.length === ref.values.length && heatmap.values.every((v, i) => v === ref.values[i]);
  log(`pyramid: whole file width 1000: brute force ${bruteMs.toFixed(0)} ms, pyramid ${pyramidMs.toFixed(2)} ms (${view.buckets} buckets), as the heatmap response ${heatmapMs.toFixed(2)} ms; equal to brute force: ${same}`);
  if (!same) throw new Error('pyramid heatmap differs from heatmapBuckets on the whole-file viewport');
  figures.push({ name: 'heatmap whole file, width 1000, brute force heatmapBuckets', value: round(bruteMs, 0), unit: 'ms' });
  figures.push({ name: 'heatmap whole file, width 1000, pyramid (Float32Array)', value: round(pyramidMs), unit: 'ms' });
  figures.push({ name: 'heatmap whole file, width 1000, pyramid as the heatmap response', value: round(heatmapMs), unit: 'ms' });
  return figures;
}
