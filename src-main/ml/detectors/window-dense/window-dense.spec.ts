import { beforeAll, describe, expect, it } from 'vitest';
import { windowDenseConfigSchema, type WindowDenseConfig } from '../../../../shared/domain/model-config';
import { loadBackend, type Tf } from '../../backend';
import type { Matrix } from '../../matrix';
import { noisySines } from '../../test-signals';
import { windowAutoencoderTask } from '../windowed';
import { WindowDenseAutoencoder } from '.';
import { buildWindowDenseAutoencoder, windowDenseParameterCount } from './build';

let tf: Tf;
beforeAll(async () => {
  tf = (await loadBackend('auto')).tf;
});

function config(overrides: Partial<WindowDenseConfig> = {}): WindowDenseConfig {
  return windowDenseConfigSchema.parse({
    family: 'window-dense',
    preset: 'test',
    scaler: 'none',
    log1pSignals: [],
    l2Rows: false,
    scoring: { normalise: 'none', smoothingRows: 1, smoothingAlign: 'centred' },
    learningRate: 3e-3,
    batchSize: 32,
    epochs: 15,
    patience: 0,
    validationFraction: 0.1,
    seed: 7,
    window: { length: 16, stride: 2, attribution: 'last' },
    hiddenLayers: [16, 4, 16],
    activation: 'tanh',
    dropout: 0,
    ...overrides,
  });
}

const mean = (values: Float32Array) => values.reduce((a, b) => a + b, 0) / values.length;

describe('window-dense autoencoder', () => {
  it('counts parameters as tfjs builds them', () => {
    // 16x2 = 32 inputs: 32*8+8 + 8*32+32
    expect(windowDenseParameterCount(2, { hiddenLayers: [8], window: { length: 16, stride: 1, attribution: 'last' } })).toBe(552);
    const settings = config({ hiddenLayers: [20, 5, 20], window: { length: 12, stride: 1, attribution: 'mean' } });
    const model = buildWindowDenseAutoencoder(tf, 3, settings);
    expect(model.countParams()).toBe(windowDenseParameterCount(3, settings));
    model.dispose();
  });

  it('splits windows into fit and validation and reads the right rows for each', () => {
    // one signal whose value is its row index; a model that outputs zeros makes the loss the mean square of the window
    const X: Matrix = { data: Float32Array.from({ length: 100 }, (_, r) => r), n: 100, d: 1 };
    const zeros = tf.sequential({
      layers: [tf.layers.dense({ units: 1, inputShape: [10, 1], kernelInitializer: 'zeros', biasInitializer: 'zeros' })],
    });
    const settings = { window: { length: 10, stride: 5, attribution: 'last' as const }, validationFraction: 0.1 };
    const meanSquare = (from: number) => Array.from({ length: 10 }, (_, i) => (from + i) ** 2).reduce((a, b) => a + b) / 10;
    const lossOf = (task: ReturnType<typeof windowAutoencoderTask>, index: number, split: 'fit' | 'validation') =>
      tf.tidy(() => task.loss(Int32Array.of(index), split, false, 1).dataSync()[0]!);

    // 19 windows (starts 0, 5, ..., 90): the last floor(1.9) = 1 is held out
    const tail = windowAutoencoderTask(tf, zeros, X, null, settings);
    expect([tail.fitCount, tail.validationCount]).toEqual([18, 1]);
    expect(lossOf(tail, 3, 'fit')).toBeCloseTo(meanSquare(15), 2);
    expect(lossOf(tail, 0, 'validation')).toBeCloseTo(meanSquare(90), 2);

    // 40 given validation rows of value 1000 + row give 7 windows; all 19 training windows are fitted
    const validation: Matrix = { data: Float32Array.from({ length: 40 }, (_, r) => 1000 + r), n: 40, d: 1 };
    const given = windowAutoencoderTask(tf, zeros, X, validation, settings);
    expect([given.fitCount, given.validationCount]).toEqual([19, 7]);
    expect(lossOf(given, 2, 'validation')).toBeCloseTo(meanSquare(1010), 0);

    // validation rows too short for one window fall back to the held-out tail
    const short = windowAutoencoderTask(tf, zeros, X, { data: new Float32Array(5), n: 5, d: 1 }, settings);
    expect([short.fitCount, short.validationCount]).toEqual([18, 1]);
    zeros.dispose();
  });

  it('halves the reconstruction error of an untrained model on noisy sines', async () => {
    const X = noisySines(600, 0.2);
    const settings = config();
    const untrained = buildWindowDenseAutoencoder(tf, 2, settings);
    const untrainedMse = tf.tidy(() => {
      const windows = tf.tensor3d(X.data.subarray(0, 16 * 2 * 37), [37, 16, 2]); // 37 disjoint windows
      return tf.losses.meanSquaredError(windows, untrained.apply(windows) as import('@tensorflow/tfjs').Tensor).dataSync()[0]!;
    });
    untrained.dispose();
    const detector = new WindowDenseAutoencoder(tf, settings);
    const report = await detector.fit(X);
    const fittedMse = mean(await detector.decisionFunction(X));
    detector.dispose();
    expect(report.epochsRun).toBe(15);
    expect(report.history.loss.at(-1)!).toBeLessThan(report.history.loss[0]!);
    expect(fittedMse).toBeLessThan(0.5 * untrainedMse);
  });

  it('scores every row, per signal, the same after save and restore', async () => {
    const X = noisySines(200, 0.2);
    const settings = config({ epochs: 2, window: { length: 16, stride: 4, attribution: 'mean' } });
    const detector = new WindowDenseAutoencoder(tf, settings);
    await detector.fit(X);
    const errors = await detector.featureErrors(X);
    const state = detector.save();
    detector.dispose();
    expect([errors.n, errors.d]).toEqual([200, 2]);
    expect(errors.data.every((value) => Number.isFinite(value) && value >= 0)).toBe(true);
    expect(state.family).toBe('window-dense');
    expect(state.inputSize).toBe(2);

    const restored = WindowDenseAutoencoder.restore(tf, settings, state);
    const again = await restored.featureErrors(X);
    restored.dispose();
    again.data.forEach((value, i) => expect(Math.abs(value - errors.data[i]!)).toBeLessThan(1e-6));
    expect(() => WindowDenseAutoencoder.restore(tf, settings, { ...state, family: 'conv1d' })).toThrow(/conv1d model/);
  });

  it('gives the same loss curve for the same seed, and another for another seed', async () => {
    const X = noisySines(300, 0.3);
    const curve = async (seed: number) => {
      const detector = new WindowDenseAutoencoder(tf, config({ epochs: 3, seed, dropout: 0.1 }));
      const report = await detector.fit(X);
      detector.dispose();
      return report.history;
    };
    const first = await curve(5);
    expect(await curve(5)).toEqual(first);
    expect((await curve(6)).loss).not.toEqual(first.loss);
  });

  it('leaves no tensors behind after fit, scoring and dispose', async () => {
    const X = noisySines(120, 0.2);
    const run = async () => {
      const detector = new WindowDenseAutoencoder(tf, config({ epochs: 2 }));
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
