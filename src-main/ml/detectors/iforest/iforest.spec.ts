import { describe, expect, it } from 'vitest';
import type { IsolationForestConfig } from '../../../../shared/domain/model-config';
import { mulberry32 } from '../../../../shared/random';
import type { FitProgress } from '../detector';
import { rocAuc } from '../../metrics';
import { IsolationForest, type SavedForest } from '.';
import { averagePathLength } from './tree';

const config: IsolationForestConfig = {
  family: 'iforest',
  preset: 'iforest',
  scaler: 'standard',
  log1pSignals: [],
  l2Rows: false,
  scoring: { normalise: 'none', smoothingRows: 1, smoothingAlign: 'centred' },
  window: null,
  trees: 100,
  sampleSize: 256,
  seed: 7,
};

/** A 2-D standard Gaussian blob of `inliers` rows followed by `outliers` rows on a circle of radius 6..8. */
function blobWithOutliers(inliers: number, outliers: number, seed = 1) {
  const uniform = mulberry32(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const data = new Float32Array((inliers + outliers) * 2);
  const labels = new Uint8Array(inliers + outliers);
  for (let r = 0; r < inliers; r++) {
    data[2 * r] = gaussian();
    data[2 * r + 1] = gaussian();
  }
  for (let k = 0; k < outliers; k++) {
    const r = inliers + k;
    const angle = 2 * Math.PI * uniform();
    const radius = 6 + 2 * uniform();
    data[2 * r] = radius * Math.cos(angle);
    data[2 * r + 1] = radius * Math.sin(angle);
    labels[r] = 1;
  }
  return { X: { data, n: inliers + outliers, d: 2 }, labels };
}

async function fitAndScore(settings: Partial<IsolationForestConfig>, X = blobWithOutliers(500, 10).X) {
  const forest = new IsolationForest({ ...config, ...settings });
  await forest.fit(X);
  return { forest, scores: await forest.decisionFunction(X) };
}

describe('c(n), the average unsuccessful-search path length', () => {
  it('matches the known values', () => {
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    // 2 (ln 255 + 0.5772156649) - 2 * 255 / 256
    expect(averagePathLength(256)).toBeCloseTo(10.2448, 4);
    expect(averagePathLength(4)).toBeCloseTo(2 * (Math.log(3) + 0.5772156649) - 1.5, 12);
  });
});

describe('isolation forest', () => {
  it('scores exactly 0.5 where every tree isolates both of two rows in one split', async () => {
    // sampleSize 2 -> max depth 1: h = 1 for both rows, c(2) = 1, score 2^-1
    const { scores } = await fitAndScore({ sampleSize: 2, trees: 5 }, { data: new Float32Array([0, 0, 1, 3]), n: 2, d: 2 });
    expect(Array.from(scores)).toEqual([0.5, 0.5]);
  });

  it('scores exactly 0.5 on identical rows: no split, the root leaf adds c(n) = c(sampleSize)', async () => {
    const { scores } = await fitAndScore({ sampleSize: 64, trees: 3 }, { data: new Float32Array(8 * 3).fill(2), n: 8, d: 3 });
    expect(Array.from(scores)).toEqual(new Array(8).fill(0.5));
  });

  it('ranks far points above a Gaussian blob (ROC-AUC >= 0.95), scores in (0, 1)', async () => {
    const { X, labels } = blobWithOutliers(500, 10);
    const { scores } = await fitAndScore({}, X);
    expect(rocAuc(scores, labels)).toBeGreaterThanOrEqual(0.95);
    expect(scores.every((score) => score > 0 && score < 1)).toBe(true);
    const meanOutlier = scores.subarray(500).reduce((a, b) => a + b, 0) / 10;
    const meanInlier = scores.subarray(0, 500).reduce((a, b) => a + b, 0) / 500;
    expect(meanOutlier).toBeGreaterThan(0.6);
    expect(meanInlier).toBeLessThan(0.5);
  });

  it('gives the same scores for the same seed and different ones for another seed', async () => {
    const first = (await fitAndScore({ seed: 3 })).scores;
    expect((await fitAndScore({ seed: 3 })).scores).toEqual(first);
    expect((await fitAndScore({ seed: 4 })).scores).not.toEqual(first);
  });

  it('grows each tree on sampleSize rows (clamped to n) no deeper than ceil(log2(sampleSize))', async () => {
    const { forest } = await fitAndScore({ sampleSize: 100, trees: 20 });
    const saved = forest.save().extra as SavedForest;
    expect(saved.trees).toHaveLength(20);
    expect(saved.sampleSize).toBe(100);
    for (const tree of saved.trees) {
      expect(tree.size[0]).toBe(100);
      const depth = (node: number): number => (tree.feature[node]! < 0 ? 0 : 1 + Math.max(depth(tree.child[node]!), depth(tree.child[node]! + 1)));
      expect(depth(0)).toBeLessThanOrEqual(7);
    }
    const clamped = await fitAndScore({ sampleSize: 5000, trees: 2 });
    expect((clamped.forest.save().extra as SavedForest).sampleSize).toBe(510);
  });

  it('restores from save() (through JSON) to identical scores', async () => {
    const { X } = blobWithOutliers(300, 5, 2);
    const { forest, scores } = await fitAndScore({ trees: 30 }, X);
    const state = JSON.parse(JSON.stringify(forest.save()));
    const restored = IsolationForest.restore(config, state);
    expect(await restored.decisionFunction(X)).toEqual(scores);
  });

  it('reports one progress event per batch of trees and stops when cancelled', async () => {
    const { X } = blobWithOutliers(200, 0);
    const events: FitProgress[] = [];
    const forest = new IsolationForest({ ...config, trees: 35 });
    const report = await forest.fit(X, { onProgress: (progress) => events.push(progress) });
    expect(report.cancelled).toBe(false);
    expect(events.map((event) => event.batch)).toEqual([1, 2, 3, 4]);
    expect(events.every((event) => event.batches === 4)).toBe(true);
    expect(events.at(-1)!.etaMs).toBe(0);

    let polls = 0;
    const cancelled = new IsolationForest({ ...config, trees: 35 });
    const stopped = await cancelled.fit(X, { isCancelled: () => ++polls > 2 });
    expect(stopped.cancelled).toBe(true);
    await expect(cancelled.decisionFunction(X)).rejects.toThrow(/not been fitted/);
  });
});

describe('isolation forest on windows', () => {
  /** A noisy sine of period 40 whose rows 1210..1239 freeze at its peak: every row alone looks normal, the shape does not. */
  function frozenSine() {
    const n = 2000;
    const noise = mulberry32(5);
    const frozen = (r: number) => r >= 1210 && r < 1240;
    const data = Float32Array.from({ length: n }, (_, r) => (frozen(r) ? 1 : Math.sin((2 * Math.PI * r) / 40)) + 0.05 * (noise() - 0.5));
    const labels = Uint8Array.from({ length: n }, (_, r) => (frozen(r) ? 1 : 0));
    return { X: { data, n, d: 1 }, labels };
  }
  const window = { length: 20, stride: 2, attribution: 'last' as const };

  it('finds a shape no single row gives away', async () => {
    const { X, labels } = frozenSine();
    const rows = (await fitAndScore({ trees: 50 }, X)).scores;
    const windows = (await fitAndScore({ trees: 50, window }, X)).scores;
    // rows alone: no better than chance (0.51 here); windows: 0.88, held back only by the event's first rows, whose windows are still mostly normal
    expect(rocAuc(rows, labels)).toBeLessThan(0.65);
    expect(rocAuc(windows, labels)).toBeGreaterThan(0.85);
  });

  it('scores every row, the first length - 1 by the first window, and restores to the same scores', async () => {
    const { X } = frozenSine();
    const { forest, scores } = await fitAndScore({ trees: 20, window }, X);
    expect(scores).toHaveLength(X.n);
    expect(Array.from(scores.subarray(0, window.length)).every((score) => score === scores[window.length - 1])).toBe(true);
    const restored = IsolationForest.restore({ ...config, window }, JSON.parse(JSON.stringify(forest.save())));
    expect(await restored.decisionFunction(X)).toEqual(scores);
  });

  it('draws its sample from the windows, not the rows', async () => {
    const { X } = frozenSine();
    const { forest } = await fitAndScore({ trees: 2, sampleSize: 5000, window }, X);
    // (2000 - 20) / 2 + 1 windows
    expect((forest.save().extra as SavedForest).sampleSize).toBe(991);
  });
});
