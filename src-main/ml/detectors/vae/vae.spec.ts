import { beforeAll, describe, expect, it } from 'vitest';
import type { VaeConfig } from '../../../../shared/domain/model-config';
import { mulberry32 } from '../../../../shared/random';
import { loadBackend, type Tf } from '../../backend';
import type { Matrix } from '../../matrix';
import { lowRank } from '../../test-signals';
import { applyScaler, fitScaler } from '../../preprocess/standard-scaler';
import { loadWeights } from '../dense/run';
import { VariationalAutoencoder } from '.';
import { buildVae, disposeVae, encode, vaeParameterCount } from './build';
import { firstFullWeightEpoch, klDivergence, klDivergenceRows, klWeight } from './kl';

let tf: Tf;
beforeAll(async () => {
  tf = (await loadBackend('auto')).tf;
});

/** n standardized rows of `signals` columns mixing `rank` latent factors, plus a little noise. */
function standardLowRank(n: number, signals: number, rank: number, noise: number): Matrix {
  const raw = lowRank(n, signals, rank, noise);
  return applyScaler(fitScaler('standard', raw), raw);
}

const config: VaeConfig = {
  family: 'vae',
  preset: 'test-vae',
  scaler: 'standard',
  log1pSignals: [],
  l2Rows: false,
  scoring: { normalise: 'none', smoothingRows: 1, smoothingAlign: 'centred' },
  learningRate: 2e-3,
  batchSize: 32,
  epochs: 20,
  patience: 0,
  validationFraction: 0.1,
  seed: 42,
  encoderLayers: [32, 16],
  latentSize: 4,
  activation: 'relu',
  beta: 1,
  annealEpochs: 5,
};

const mean = (values: Float32Array) => values.reduce((a, b) => a + b, 0) / values.length;

describe('KL term and its annealing', () => {
  it('equals the closed form on hand-computed values', () => {
    // mu = [0, 1], logVar = [0, ln 2]: 0.5 * ((0 + 1 - 1 - 0) + (1 + 2 - 1 - ln 2)) = 1 - ln(2) / 2
    expect(klDivergence([0, 1], [0, Math.LN2])).toBeCloseTo(1 - Math.LN2 / 2, 12);
    // the prior itself has no divergence; a shifted mean costs mu^2 / 2
    expect(klDivergence([0, 0, 0], [0, 0, 0])).toBe(0);
    expect(klDivergence([3], [0])).toBeCloseTo(4.5, 12);
    // a narrower posterior: logVar = -2 gives 0.5 * (e^-2 - 1 + 2)
    expect(klDivergence([0], [-2])).toBeCloseTo(0.5 * (Math.exp(-2) + 1), 12);
  });

  it('gives the same value per row as a tensor as in plain numbers', () => {
    const mu = [[0, 1], [0.5, -2], [3, 0]];
    const logVar = [[0, Math.LN2], [-1, 0.3], [0, -2]];
    const rows = tf.tidy(() => klDivergenceRows(tf, tf.tensor2d(mu), tf.tensor2d(logVar)).arraySync());
    expect(rows).toHaveLength(3);
    rows.forEach((value, r) => expect(value).toBeCloseTo(klDivergence(mu[r]!, logVar[r]!), 5));
  });

  it('raises the weight linearly from 0 at epoch 1 to beta after annealEpochs', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map((epoch) => klWeight(epoch, 2, 4))).toEqual([0, 0.5, 1, 1.5, 2, 2, 2]);
    expect(klWeight(1, 0.5, 0)).toBe(0.5);
    expect(firstFullWeightEpoch(4)).toBe(5);
    expect(firstFullWeightEpoch(0)).toBe(1);
  });
});

describe('variational autoencoder', () => {
  it('counts parameters of encoder (with mu and log var) and mirrored decoder', () => {
    // encoder 20-8-(2+2): 20*8+8 + 8*4+4; decoder 2-8-20: 2*8+8 + 8*20+20
    const shape = { encoderLayers: [8], latentSize: 2 };
    expect(vaeParameterCount(20, shape)).toBe(20 * 8 + 8 + 8 * 4 + 4 + 2 * 8 + 8 + 8 * 20 + 20);
    const network = buildVae(tf, 20, { ...shape, activation: 'tanh', seed: 1 });
    expect(network.encoder.countParams() + network.decoder.countParams()).toBe(vaeParameterCount(20, shape));
    disposeVae(network);
  });

  it('cuts the reconstruction error of rank-3 data of 20 signals to a fraction of the first epoch', async () => {
    const X = standardLowRank(2000, 20, 3, 0.05);
    const model = new VariationalAutoencoder(tf, config);
    const report = await model.fit(X);
    const mse = mean(await model.decisionFunction(X));
    model.dispose();
    expect(report.epochsRun).toBe(20);
    // epoch 1 has KL weight 0, so its loss is the plain MSE of a barely trained model
    expect(mse).toBeLessThan(0.25 * report.history.loss[0]!);
    expect(mse).toBeLessThan(0.15);
    expect(report.history.loss.at(-1)!).toBeLessThan(0.5 * report.history.loss[0]!);
  });

  it('gives the same loss curve for the same seed, and another for another seed', async () => {
    const X = standardLowRank(600, 10, 2, 0.1);
    const curve = async (seed: number) => {
      const model = new VariationalAutoencoder(tf, { ...config, epochs: 4, annealEpochs: 2, seed });
      const report = await model.fit(X);
      model.dispose();
      return report.history;
    };
    const first = await curve(5);
    expect(await curve(5)).toEqual(first);
    expect((await curve(6)).loss).not.toEqual(first.loss);
  });

  it('does not early-stop while the KL weight is still rising', async () => {
    // On pure noise the rising KL weight makes the validation loss climb every annealing epoch.
    const uniform = mulberry32(9);
    const noise = { data: Float32Array.from({ length: 1000 * 8 }, () => uniform() - 0.5), n: 1000, d: 8 };
    const model = new VariationalAutoencoder(tf, { ...config, encoderLayers: [8], latentSize: 2, epochs: 30, annealEpochs: 6, patience: 1 });
    const report = await model.fit(noise);
    model.dispose();
    expect(report.epochsRun).toBeGreaterThanOrEqual(firstFullWeightEpoch(6) + 1);
    expect(report.bestEpoch).toBeGreaterThanOrEqual(firstFullWeightEpoch(6));
  });

  it('scores the negative ELBO as row MSE + KL(mu, logVar) / d, with the KL computed independently', async () => {
    const X = standardLowRank(300, 6, 2, 0.1);
    const model = new VariationalAutoencoder(tf, { ...config, encoderLayers: [8], latentSize: 3, epochs: 3 });
    await model.fit(X);
    const probe: Matrix = { data: X.data.slice(0, 5 * 6), n: 5, d: 6 };
    const elbo = await model.negativeElbo(probe);
    const mse = await model.decisionFunction(probe);
    // An independent copy of the encoder from the saved weights gives mu and logVar per row.
    const state = model.save();
    model.dispose();
    const network = buildVae(tf, 6, { ...config, encoderLayers: [8], latentSize: 3 });
    loadWeights(tf, network.encoder, state.tensors.slice(0, network.encoder.getWeights().length));
    const [mu, logVar] = tf.tidy(() => {
      const out = encode(network, tf.tensor2d(probe.data, [5, 6]), false);
      return [out.mu.arraySync(), out.logVar.arraySync()];
    });
    disposeVae(network);
    for (let r = 0; r < 5; r++) {
      const kl = klDivergence(mu![r]!, logVar![r]!);
      expect(kl).toBeGreaterThan(0);
      expect(elbo[r]!).toBeCloseTo(mse[r]! + kl / 6, 5);
    }
  });

  it('restores to the same scores and frees every tensor it made', async () => {
    const X = standardLowRank(400, 8, 2, 0.1);
    const before = tf.memory().numTensors;
    const model = new VariationalAutoencoder(tf, { ...config, epochs: 3 });
    await model.fit(X);
    const scores = await model.decisionFunction(X);
    const elbo = await model.negativeElbo(X);
    const errors = await model.featureErrors(X);
    const restored = VariationalAutoencoder.restore(tf, { ...config, epochs: 3 }, model.save());
    model.dispose();
    const again = await restored.decisionFunction(X);
    const elboAgain = await restored.negativeElbo(X);
    restored.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(errors.data.length).toBe(400 * 8);
    expect(Math.max(...again.map((v, i) => Math.abs(v - scores[i]!)))).toBeLessThan(1e-6);
    expect(Math.max(...elboAgain.map((v, i) => Math.abs(v - elbo[i]!)))).toBeLessThan(1e-6);
  });
});
