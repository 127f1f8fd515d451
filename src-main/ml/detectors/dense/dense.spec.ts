import { beforeAll, describe, expect, it } from 'vitest';
import type { DenseConfig } from '../../../../shared/domain/model-config';
import { presets } from '../../../../shared/domain/presets';
import { mulberry32 } from '../../../../shared/random';
import { loadBackend, type Tf } from '../../backend';
import { applyScaler, fitScaler } from '../../preprocess/standard-scaler';
import { lowRank } from '../../test-signals';
import { DenseAutoencoder } from '.';
import { denseParameterCount, seededDropout } from './build';

let tf: Tf;
beforeAll(async () => {
  tf = (await loadBackend('auto')).tf;
});

function seeded(seed: number) {
  const uniform = mulberry32(seed);
  return () => uniform() - 0.5;
}

const base = presets.find((preset) => preset.name === 'dense-relu')!.config as DenseConfig;
const oneLayer = presets.find((preset) => preset.name === 'seed-hpc')!.config as DenseConfig;

describe('dense autoencoder', () => {
  it('counts parameters layer by layer', () => {
    // 38-64-38: 38*64+64 + 64*38+38
    expect(denseParameterCount(38, { hiddenLayers: [64] })).toBe(38 * 64 + 64 + 64 * 38 + 38);
  });

  it('reaches MSE < 0.05 on standardized rank-3 data of 20 signals', async () => {
    const raw = lowRank(3000, 20, 3, 0.05);
    const X = applyScaler(fitScaler('standard', raw), raw);
    const model = new DenseAutoencoder(tf, { ...base, epochs: 40, patience: 5, batchSize: 32 });
    const report = await model.fit(X);
    const scores = await model.decisionFunction(X);
    const mse = scores.reduce((a, b) => a + b, 0) / scores.length;
    model.dispose();
    expect(report.history.loss[0]).toBeGreaterThan(mse);
    expect(mse).toBeLessThan(0.05);
  });

  it('scores a corrupted row far above the clean rows', async () => {
    const raw = lowRank(2000, 12, 2, 0.02);
    const scaler = fitScaler('standard', raw);
    const X = applyScaler(scaler, raw);
    const model = new DenseAutoencoder(tf, { ...oneLayer, epochs: 25, patience: 0 });
    await model.fit(X);
    const probe = new Float32Array(X.data.subarray(0, 12));
    probe[5] = probe[5]! + 6; // one signal breaks the correlation structure
    const [clean, broken] = await model.decisionFunction({ data: new Float32Array([...X.data.subarray(0, 12), ...probe]), n: 2, d: 12 });
    const errors = await model.featureErrors({ data: probe, n: 1, d: 12 });
    model.dispose();
    expect(broken!).toBeGreaterThan(10 * clean!);
    expect(errors.data.indexOf(Math.max(...errors.data))).toBe(5);
  });

  it('gives the same loss curve for the same seed, and another for another seed', async () => {
    const X = lowRank(600, 10, 2, 0.1);
    const curve = async (seed: number) => {
      const model = new DenseAutoencoder(tf, { ...base, epochs: 3, patience: 0, seed });
      const report = await model.fit(X);
      model.dispose();
      return report.history;
    };
    const first = await curve(5);
    expect(await curve(5)).toEqual(first);
    expect((await curve(6)).loss).not.toEqual(first.loss);
  });

  it('drops other units on every training step, the same ones again for the same seed', async () => {
    const masks = (seed: number) => {
      const model = tf.sequential({ layers: [tf.layers.inputLayer({ inputShape: [200] }), seededDropout(tf, 0.5, seed)] });
      const ones = tf.ones([1, 200]);
      const drawn = [0, 1].map(() => tf.tidy(() => Array.from((model.apply(ones, { training: true }) as import('@tensorflow/tfjs').Tensor).dataSync())));
      const inference = tf.tidy(() => Array.from((model.apply(ones) as import('@tensorflow/tfjs').Tensor).dataSync()));
      ones.dispose();
      model.dispose();
      return { drawn, inference };
    };
    const first = masks(3);
    expect(first.drawn[0]).not.toEqual(first.drawn[1]);
    expect(first.drawn[0]!.filter((value) => value === 0).length).toBeGreaterThan(60);
    expect(first.inference.every((value) => value === 1)).toBe(true);
    expect(masks(3).drawn).toEqual(first.drawn);
    expect(masks(4).drawn[0]).not.toEqual(first.drawn[0]);
  });

  it('stops within one batch when cancelled and reports it', async () => {
    const X = lowRank(4000, 10, 2, 0.1);
    const model = new DenseAutoencoder(tf, { ...oneLayer, epochs: 50 });
    let batches = 0;
    const report = await model.fit(X, {
      onProgress: (progress) => (batches = Math.max(batches, progress.batch)),
      isCancelled: () => true,
    });
    model.dispose();
    expect(report.cancelled).toBe(true);
    expect(report.epochsRun).toBe(0);
  });

  it('early-stops on a flat validation loss and keeps the best epoch', async () => {
    const random = seeded(9);
    const noise = { data: Float32Array.from({ length: 2000 * 8 }, () => random()), n: 2000, d: 8 };
    const model = new DenseAutoencoder(tf, { ...oneLayer, hiddenLayers: [2], epochs: 60, patience: 2 });
    const report = await model.fit(noise);
    model.dispose();
    expect(report.stoppedEarly).toBe(true);
    expect(report.epochsRun).toBeLessThan(60);
    const best = Math.min(...report.history.valLoss);
    expect(report.history.valLoss[report.bestEpoch - 1]).toBe(best);
  });
});
