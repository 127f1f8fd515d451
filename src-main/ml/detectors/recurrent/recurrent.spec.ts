import { beforeAll, describe, expect, it } from 'vitest';
import { lstmConfigSchema, gruConfigSchema, type RecurrentConfig } from '../../../../shared/domain/model-config';
import { loadBackend, type Tf } from '../../backend';
import type { Matrix } from '../../matrix';
import { noisySines } from '../../test-signals';
import { RecurrentAutoencoder } from '.';
import { buildRecurrentAutoencoder, recurrentParameterCount, seededOrthogonal } from './build';

type Tensor = import('@tensorflow/tfjs').Tensor;

let tf: Tf;
beforeAll(async () => {
  tf = (await loadBackend('auto')).tf;
});

function config(family: 'lstm' | 'gru', overrides: Partial<RecurrentConfig> = {}): RecurrentConfig {
  const schema = family === 'lstm' ? lstmConfigSchema : gruConfigSchema;
  return schema.parse({
    family,
    preset: 'test',
    scaler: 'none',
    log1pSignals: [],
    l2Rows: false,
    scoring: { normalise: 'none', smoothingRows: 1, smoothingAlign: 'centred' },
    learningRate: 2e-2,
    batchSize: 32,
    epochs: 12,
    patience: 0,
    validationFraction: 0.1,
    seed: 7,
    window: { length: 16, stride: 2, attribution: 'last' },
    encoderUnits: [16],
    ...overrides,
  });
}

const mean = (values: Float32Array) => values.reduce((a, b) => a + b, 0) / values.length;

/** MSE of a model on the disjoint windows of X. */
function windowMse(model: import('@tensorflow/tfjs').LayersModel, X: Matrix, length: number): number {
  const count = Math.floor(X.n / length);
  return tf.tidy(() => {
    const windows = tf.tensor3d(X.data.subarray(0, count * length * X.d), [count, length, X.d]);
    return tf.losses.meanSquaredError(windows, model.apply(windows) as Tensor).dataSync()[0]!;
  });
}

describe('seededOrthogonal', () => {
  it('has orthonormal rows when wide and orthonormal columns when tall, the same for the same seed', () => {
    const check = (rows: number, cols: number) => {
      const q = seededOrthogonal(rows, cols, 3);
      const wide = rows < cols;
      const vectors = wide ? rows : cols;
      const entry = (v: number, k: number) => (wide ? q[v * cols + k]! : q[k * cols + v]!);
      for (let a = 0; a < vectors; a++) {
        for (let b = 0; b < vectors; b++) {
          let dot = 0;
          for (let k = 0; k < Math.max(rows, cols); k++) dot += entry(a, k) * entry(b, k);
          expect(dot).toBeCloseTo(a === b ? 1 : 0, 5);
        }
      }
    };
    check(8, 32); // an LSTM recurrent kernel of 8 units
    check(12, 5);
    expect(seededOrthogonal(4, 12, 9)).toEqual(seededOrthogonal(4, 12, 9));
    expect(seededOrthogonal(4, 12, 9)).not.toEqual(seededOrthogonal(4, 12, 10));
  });
});

describe('recurrent autoencoder', () => {
  it('counts LSTM and GRU parameters as tfjs builds them', () => {
    // LSTM 2 -> 4 -> repeat -> 4 -> dense 2: 4*(4*(2+4)+4) + 4*(4*(4+4)+4) + 4*2+2
    expect(recurrentParameterCount(2, { family: 'lstm', encoderUnits: [4] })).toBe(112 + 144 + 10);
    // GRU the same with 3 gates: 3*28 + 3*36 + 10
    expect(recurrentParameterCount(2, { family: 'gru', encoderUnits: [4] })).toBe(84 + 108 + 10);
    for (const family of ['lstm', 'gru'] as const) {
      const settings = config(family, { encoderUnits: [12, 5], window: { length: 8, stride: 1, attribution: 'last' } });
      const model = buildRecurrentAutoencoder(tf, 3, settings);
      expect(model.countParams()).toBe(recurrentParameterCount(3, settings));
      model.dispose();
    }
  });

  it('starts every recurrent kernel from its seeded orthogonal matrix', () => {
    const model = buildRecurrentAutoencoder(tf, 2, config('gru', { encoderUnits: [6, 3] }));
    const kernels = model.weights.filter((weight) => weight.originalName.endsWith('recurrent_kernel'));
    expect(kernels.map((kernel) => kernel.shape)).toEqual([
      [6, 18],
      [3, 9],
      [3, 9],
      [6, 18],
    ]);
    expect(Float32Array.from(kernels[1]!.read().dataSync())).toEqual(seededOrthogonal(3, 9, 7 + 2 * 1 + 1));
    model.dispose();
  });

  it('starts the LSTM forget gate (second of i, f, c, o) with bias 1, as Keras does', () => {
    const model = buildRecurrentAutoencoder(tf, 2, config('lstm', { encoderUnits: [2] }));
    const bias = model.weights.find((weight) => weight.originalName.endsWith('/bias'))!;
    expect(Array.from(bias.read().dataSync())).toEqual([0, 0, 1, 1, 0, 0, 0, 0]);
    model.dispose();
  });

  // GRU needs about twice the updates here (measured: MSE 0.23 after 12 epochs, 0.03 after 24)
  for (const [family, epochs] of [
    ['lstm', 12],
    ['gru', 24],
  ] as const) {
    it(`${family}: halves the reconstruction error of an untrained model on noisy sines`, async () => {
      const X = noisySines(400, 0.2);
      const settings = config(family, { epochs });
      const untrained = buildRecurrentAutoencoder(tf, 2, settings);
      const untrainedMse = windowMse(untrained, X, 16);
      untrained.dispose();
      const detector = new RecurrentAutoencoder(tf, settings);
      const report = await detector.fit(X);
      const fittedMse = mean(await detector.decisionFunction(X));
      detector.dispose();
      expect(report.history.loss.at(-1)!).toBeLessThan(report.history.loss[0]!);
      expect(fittedMse).toBeLessThan(0.5 * untrainedMse);
    });
  }

  it('scores every row, per signal, the same after save and restore', async () => {
    const X = noisySines(120, 0.2);
    const settings = config('lstm', { epochs: 1, encoderUnits: [8, 4], window: { length: 16, stride: 4, attribution: 'mean' } });
    const detector = new RecurrentAutoencoder(tf, settings);
    await detector.fit(X);
    const errors = await detector.featureErrors(X);
    const state = detector.save();
    detector.dispose();
    expect([errors.n, errors.d]).toEqual([120, 2]);
    expect(errors.data.every((value) => Number.isFinite(value) && value >= 0)).toBe(true);
    expect(state.tensors.length).toBe(4 * 3 + 2); // kernel, recurrent kernel, bias per layer; dense kernel and bias

    const restored = RecurrentAutoencoder.restore(tf, settings, state);
    const again = await restored.featureErrors(X);
    restored.dispose();
    again.data.forEach((value, i) => expect(Math.abs(value - errors.data[i]!)).toBeLessThan(1e-6));
    expect(() => RecurrentAutoencoder.restore(tf, config('gru', { encoderUnits: [8, 4] }), state)).toThrow(/lstm model/);
  });

  it('gives the same loss curve for the same seed, and another for another seed', async () => {
    const X = noisySines(160, 0.3);
    const curve = async (seed: number) => {
      const detector = new RecurrentAutoencoder(tf, config('gru', { epochs: 2, seed, encoderUnits: [8] }));
      const report = await detector.fit(X);
      detector.dispose();
      return report.history;
    };
    const first = await curve(5);
    expect(await curve(5)).toEqual(first);
    expect((await curve(6)).loss).not.toEqual(first.loss);
  });

  it('leaves no tensors behind after fit, scoring and dispose', async () => {
    const X = noisySines(80, 0.2);
    const run = async () => {
      const detector = new RecurrentAutoencoder(tf, config('lstm', { epochs: 1, encoderUnits: [4, 2] }));
      await detector.fit(X);
      await detector.featureErrors(X);
      detector.save();
      detector.dispose();
    };
    await run(); // first use may create tfjs' cached constants once; that is not a leak
    const before = tf.memory().numTensors;
    await run();
    expect(tf.memory().numTensors).toBe(before);
  });
});
