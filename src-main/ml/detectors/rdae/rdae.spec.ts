import { beforeAll, describe, expect, it } from 'vitest';
import type { RdaeConfig } from '../../../../shared/domain/model-config';
import { mulberry32 } from '../../../../shared/random';
import { loadBackend, type Tf } from '../../backend';
import type { Matrix } from '../../matrix';
import { applyScaler, fitScaler } from '../../preprocess/standard-scaler';
import { RobustDeepAutoencoder } from '.';
import { lambdaFromTypicalGroupNorm, sparseRowNorms } from './admm';

let tf: Tf;
beforeAll(async () => {
  tf = (await loadBackend('auto')).tf;
});

/** Approximately standard normal draws (sum of 4 uniforms, rescaled), seeded. */
function gaussian(seed: number) {
  const uniform = mulberry32(seed);
  return () => (uniform() + uniform() + uniform() + uniform() - 2) * Math.sqrt(3);
}

/** Raw rows of `signals` columns mixing `rank` latent factors plus a little noise; each signal has RMS about 1. */
function lowRank(n: number, signals: number, rank: number, noise: number, seed = 3): Matrix {
  const random = gaussian(seed);
  const mixing = Array.from({ length: rank * signals }, () => random() / Math.sqrt(rank));
  const data = new Float32Array(n * signals);
  for (let r = 0; r < n; r++) {
    const latent = Array.from({ length: rank }, () => random());
    for (let s = 0; s < signals; s++) {
      let value = noise * random();
      for (let k = 0; k < rank; k++) value += latent[k]! * mixing[k * signals + s]!;
      data[r * signals + s] = value;
    }
  }
  return { data, n, d: signals };
}

const standardize = (raw: Matrix) => applyScaler(fitScaler('standard', raw), raw);

/** `count` distinct rows (or columns) out of `total`, seeded. */
function pick(count: number, total: number, seed: number): number[] {
  const uniform = mulberry32(seed);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(uniform() * total));
  return [...chosen].sort((a, b) => a - b);
}

function f1(predicted: Set<number>, truth: Set<number>): number {
  const hits = [...predicted].filter((row) => truth.has(row)).length;
  if (hits === 0) return 0;
  const precision = hits / predicted.size;
  const recall = hits / truth.size;
  return (2 * precision * recall) / (precision + recall);
}

const base: Omit<RdaeConfig, 'norm' | 'lambda' | 'lambdaScale'> = {
  family: 'rdae',
  preset: 'test-rdae',
  scaler: 'standard',
  log1pSignals: [],
  l2Rows: false,
  scoring: { normalise: 'none', smoothingRows: 1, smoothingAlign: 'centred' },
  learningRate: 2e-3,
  batchSize: 32,
  epochs: 1,
  patience: 0,
  validationFraction: 0.1,
  seed: 42,
  hiddenLayers: [32, 8, 32],
  activation: 'relu',
  outerIterations: 6,
  innerEpochs: 8,
  eps: 1e-4,
};

describe('robust deep autoencoder', () => {
  it('l21-rows: S picks out the 5% of rows corrupted by large noise (F1 >= 0.9)', async () => {
    const raw = lowRank(600, 20, 3, 0.05);
    const corrupted = pick(30, 600, 11);
    const noise = gaussian(12);
    for (const row of corrupted) for (let s = 0; s < 20; s++) raw.data[row * 20 + s] += 3 * noise();
    const X = standardize(raw);
    // the presets' rule: lambda half the typical row size, resolved against the training rows at fit
    const model = new RobustDeepAutoencoder(tf, { ...base, norm: 'l21-rows', lambda: 0.5, lambdaScale: 'share' });
    const report = await model.fit(X);
    const S = model.trainingOutliers()!;
    const norms = sparseRowNorms('l21-rows', S);
    const scores = await model.decisionFunction(X);
    const summary = model.fitSummary()!;
    model.dispose();

    const truth = new Set(corrupted);
    const nonzero = new Set([...norms.keys()].filter((row) => norms[row]! > 0));
    const top = new Set([...norms.keys()].sort((a, b) => norms[b]! - norms[a]!).slice(0, 30));
    expect(f1(nonzero, truth)).toBeGreaterThanOrEqual(0.9);
    expect(f1(top, truth)).toBeGreaterThanOrEqual(0.9);
    expect(summary.sparseRows).toBe(nonzero.size);
    expect(summary.lambda).toBeCloseTo(lambdaFromTypicalGroupNorm('l21-rows', X, 0.5), 6);
    expect(report.epochsRun).toBeGreaterThan(0);
    // the decision function still ranks the corrupted rows on top: they are not reconstructed
    const byScore = new Set([...scores.keys()].sort((a, b) => scores[b]! - scores[a]!).slice(0, 30));
    expect(f1(byScore, truth)).toBeGreaterThanOrEqual(0.9);
  });

  it('l1: S picks up the single corrupted entries', async () => {
    const raw = lowRank(400, 10, 2, 0.05, 5);
    const rows = pick(8, 400, 21);
    const columns = pick(8, 10_000, 22).map((v) => v % 10);
    rows.forEach((row, i) => (raw.data[row * 10 + columns[i]!] += i % 2 ? 6 : -6));
    const X = standardize(raw);
    const lambda = lambdaFromTypicalGroupNorm('l1', X);
    const model = new RobustDeepAutoencoder(tf, { ...base, hiddenLayers: [16, 4, 16], norm: 'l1', lambda, lambdaScale: 'absolute', outerIterations: 4 });
    await model.fit(X);
    const S = model.trainingOutliers()!;
    model.dispose();

    const corruptedEntries = rows.map((row, i) => row * 10 + columns[i]!);
    const largest = [...S.data.keys()].sort((a, b) => Math.abs(S.data[b]!) - Math.abs(S.data[a]!)).slice(0, 8);
    expect(largest.sort((a, b) => a - b)).toEqual(corruptedEntries);
    // the sign of S follows the sign of the corruption
    rows.forEach((_, i) => expect(Math.sign(S.data[corruptedEntries[i]!]!)).toBe(i % 2 ? 1 : -1));
    const nonzero = S.data.filter((v) => v !== 0).length;
    expect(nonzero).toBeLessThan(0.05 * S.data.length);
  });

  it('l21-cols: S picks up the corrupted signal and leaves the others at zero', async () => {
    const raw = lowRank(400, 10, 2, 0.05, 7);
    const noise = gaussian(31);
    for (let r = 0; r < 400; r++) raw.data[r * 10 + 3] += 3 * noise();
    const X = standardize(raw);
    const lambda = lambdaFromTypicalGroupNorm('l21-cols', X);
    const model = new RobustDeepAutoencoder(tf, { ...base, hiddenLayers: [16, 2, 16], norm: 'l21-cols', lambda, lambdaScale: 'absolute', outerIterations: 4 });
    await model.fit(X);
    const S = model.trainingOutliers()!;
    const scored = await model.sparseNorms(X);
    model.dispose();

    const columnNorms = Array.from({ length: 10 }, (_, c) => Math.hypot(...Array.from({ length: 400 }, (_, r) => S.data[r * 10 + c]!)));
    expect(columnNorms[3]).toBeGreaterThan(0);
    columnNorms.forEach((norm, c) => c !== 3 && expect(norm).toBe(0));
    // scoring the same rows again gives each row |S| of its signal 3 entry
    expect(scored.filter((v) => v > 0).length).toBeGreaterThan(0.9 * 400);
  });

  it('reports progress over outer x inner epochs and stops when cancelled', async () => {
    const X = standardize(lowRank(200, 6, 2, 0.1));
    const config: RdaeConfig = { ...base, hiddenLayers: [8, 2, 8], norm: 'l21-rows', lambda: 1, lambdaScale: 'absolute', outerIterations: 3, innerEpochs: 2, eps: 1e-9 };
    const epochs: number[] = [];
    const model = new RobustDeepAutoencoder(tf, config);
    const report = await model.fit(X, {
      onProgress: (progress) => {
        expect(progress.epochs).toBe(6);
        if (progress.batch === progress.batches) epochs.push(progress.epoch);
      },
    });
    expect(epochs).toEqual([1, 2, 3, 4, 5, 6]);
    expect(report.epochsRun).toBe(6);
    expect(report.history.loss).toHaveLength(6);
    expect(model.fitSummary()!.outerIterationsRun).toBe(3);

    let seen = 0;
    const cancelled = await model.fit(X, { onProgress: (p) => (seen = p.epoch), isCancelled: () => seen >= 3 });
    model.dispose();
    expect(cancelled.cancelled).toBe(true);
    expect(cancelled.epochsRun).toBeLessThan(6);
  });

  it('restores to the same scores and frees every tensor it made', async () => {
    const X = standardize(lowRank(300, 8, 2, 0.1));
    const config: RdaeConfig = { ...base, hiddenLayers: [8, 3, 8], norm: 'l21-rows', lambda: 1, lambdaScale: 'absolute', outerIterations: 2, innerEpochs: 2 };
    const before = tf.memory().numTensors;
    const model = new RobustDeepAutoencoder(tf, config);
    await model.fit(X);
    const scores = await model.decisionFunction(X);
    const norms = await model.sparseNorms(X);
    const state = model.save();
    model.dispose();
    const restored = RobustDeepAutoencoder.restore(tf, config, state);
    const again = await restored.decisionFunction(X);
    const normsAgain = await restored.sparseNorms(X);
    expect(restored.fitSummary()).toEqual(state.extra);
    expect(restored.trainingOutliers()).toBeNull();
    restored.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(Math.max(...again.map((v, i) => Math.abs(v - scores[i]!)))).toBeLessThan(1e-6);
    expect(Math.max(...normsAgain.map((v, i) => Math.abs(v - norms[i]!)))).toBeLessThan(1e-5);
  });
});
