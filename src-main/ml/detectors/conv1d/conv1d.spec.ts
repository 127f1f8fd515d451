import { beforeAll, describe, expect, it } from 'vitest';
import { conv1dConfigSchema, type Conv1dConfig } from '../../../../shared/domain/model-config';
import { mulberry32 } from '../../../../shared/random';
import { loadBackend, type Tf } from '../../backend';
import { noisySines } from '../../test-signals';
import { Conv1dAutoencoder } from '.';
import { addWasmConvFilterGradient } from '../../wasm-kernels';
import { buildConv1dAutoencoder, conv1dParameterCount } from './build';

type Tensor = import('@tensorflow/tfjs').Tensor;

let tf: Tf;
beforeAll(async () => {
  tf = (await loadBackend('auto')).tf;
});

function config(overrides: Partial<Conv1dConfig> = {}): Conv1dConfig {
  return conv1dConfigSchema.parse({
    family: 'conv1d',
    preset: 'test',
    scaler: 'none',
    log1pSignals: [],
    l2Rows: false,
    scoring: { normalise: 'none', smoothingRows: 1, smoothingAlign: 'centred' },
    learningRate: 1e-2,
    batchSize: 32,
    epochs: 12,
    patience: 0,
    validationFraction: 0.1,
    seed: 7,
    window: { length: 16, stride: 2, attribution: 'last' },
    filters: [8, 4],
    kernelSize: 3,
    activation: 'tanh',
    ...overrides,
  });
}

const mean = (values: Float32Array) => values.reduce((a, b) => a + b, 0) / values.length;
const randomValues = (count: number, seed: number) => {
  const random = mulberry32(seed);
  return Float32Array.from({ length: count }, () => random() - 0.5);
};

/** TF's padding rule: 'same' keeps ceil(length/stride) outputs and puts the odd padding row on the right. */
function convGeometry(length: number, kernel: number, stride: number, padding: 'same' | 'valid') {
  if (padding === 'valid') return { outLength: Math.ceil((length - kernel + 1) / stride), padLeft: 0 };
  const outLength = Math.ceil(length / stride);
  return { outLength, padLeft: Math.floor(Math.max((outLength - 1) * stride + kernel - length, 0) / 2) };
}

describe('wasm conv filter gradient', () => {
  // x [batch 2, length 9, 3 channels], filters [kernel, 3, 2]; g weights the outputs so the loss sum(conv(x, w) * g) has dL/dw = sum x * g
  const cases = [
    { kernel: 4, stride: 1, padding: 'same' as const },
    { kernel: 3, stride: 2, padding: 'valid' as const },
    { kernel: 5, stride: 2, padding: 'same' as const },
  ];
  for (const { kernel, stride, padding } of cases) {
    it(`matches the definition for kernel ${kernel}, stride ${stride}, ${padding} padding`, () => {
      addWasmConvFilterGradient(tf);
      const [batch, length, inC, outC] = [2, 9, 3, 2];
      const { outLength, padLeft } = convGeometry(length, kernel, stride, padding);
      const xs = randomValues(batch * length * inC, 1);
      const ws = randomValues(kernel * inC * outC, 2);
      const gs = randomValues(batch * outLength * outC, 3);
      const xAt = (b: number, row: number, c: number) => (row < 0 || row >= length ? 0 : xs[(b * length + row) * inC + c]!);
      const forward = new Float64Array(batch * outLength * outC);
      const gradient = new Float64Array(kernel * inC * outC);
      for (let b = 0; b < batch; b++) {
        for (let t = 0; t < outLength; t++) {
          for (let j = 0; j < kernel; j++) {
            for (let c = 0; c < inC; c++) {
              const value = xAt(b, t * stride + j - padLeft, c);
              for (let f = 0; f < outC; f++) {
                forward[(b * outLength + t) * outC + f] += value * ws[(j * inC + c) * outC + f]!;
                gradient[(j * inC + c) * outC + f] += value * gs[(b * outLength + t) * outC + f]!;
              }
            }
          }
        }
      }
      const [y, dw] = tf.tidy(() => {
        const x = tf.tensor3d(xs, [batch, length, inC]);
        const w = tf.tensor3d(ws, [kernel, inC, outC]);
        const g = tf.tensor3d(gs, [batch, outLength, outC]);
        const loss = (filter: Tensor) => tf.sum(tf.mul(tf.conv1d(x, filter as import('@tensorflow/tfjs').Tensor3D, stride, padding), g));
        return [tf.conv1d(x, w, stride, padding).dataSync(), tf.grad(loss)(w).dataSync()];
      });
      // the forward pass is tfjs' own kernel: agreeing with it pins the padding convention of the reference
      Array.from(y).forEach((value, i) => expect(value).toBeCloseTo(forward[i]!, 5));
      Array.from(dw).forEach((value, i) => expect(value).toBeCloseTo(gradient[i]!, 5));
    });
  }
});

describe('conv1d autoencoder', () => {
  it('counts parameters as tfjs builds them', () => {
    // d=2, filters [4], kernel 3: conv 3*2*4+4, conv 3*4*4+4, output conv 3*4*2+2
    expect(conv1dParameterCount(2, { filters: [4], kernelSize: 3 })).toBe(28 + 52 + 26);
    const settings = config({ filters: [12, 6, 3], kernelSize: 5, activation: 'leakyRelu', window: { length: 24, stride: 1, attribution: 'last' } });
    const model = buildConv1dAutoencoder(tf, 3, settings);
    expect(model.countParams()).toBe(conv1dParameterCount(3, settings));
    expect(model.outputShape).toEqual([null, 24, 3]);
    model.dispose();
  });

  it('refuses a window length the pooling layers cannot halve evenly', async () => {
    const settings = config({ filters: [8, 4], window: { length: 30, stride: 1, attribution: 'last' } });
    expect(() => buildConv1dAutoencoder(tf, 2, settings)).toThrow('needs a window length divisible by 4, got 30');
    const detector = new Conv1dAutoencoder(tf, settings);
    await expect(detector.fit(noisySines(100, 0.1))).rejects.toThrow(/divisible by 4/);
  });

  it('halves the reconstruction error of an untrained model on noisy sines', async () => {
    const X = noisySines(400, 0.2);
    const settings = config();
    const untrained = buildConv1dAutoencoder(tf, 2, settings);
    const untrainedMse = tf.tidy(() => {
      const windows = tf.tensor3d(X.data.subarray(0, 25 * 16 * 2), [25, 16, 2]); // 25 disjoint windows
      return tf.losses.meanSquaredError(windows, untrained.apply(windows) as Tensor).dataSync()[0]!;
    });
    untrained.dispose();
    const detector = new Conv1dAutoencoder(tf, settings);
    const report = await detector.fit(X);
    const fittedMse = mean(await detector.decisionFunction(X));
    detector.dispose();
    expect(report.history.loss.at(-1)!).toBeLessThan(report.history.loss[0]!);
    expect(fittedMse).toBeLessThan(0.5 * untrainedMse);
  });

  it('scores every row, per signal, the same after save and restore', async () => {
    const X = noisySines(150, 0.2);
    const settings = config({ epochs: 2, window: { length: 16, stride: 3, attribution: 'mean' } });
    const detector = new Conv1dAutoencoder(tf, settings);
    await detector.fit(X);
    const errors = await detector.featureErrors(X);
    const state = detector.save();
    detector.dispose();
    expect([errors.n, errors.d]).toEqual([150, 2]);
    expect(errors.data.every((value) => Number.isFinite(value) && value >= 0)).toBe(true);
    expect(state.tensors.length).toBe(2 * 5); // kernel and bias of 2 encoder, 2 decoder and 1 output conv

    const restored = Conv1dAutoencoder.restore(tf, settings, state);
    const again = await restored.featureErrors(X);
    restored.dispose();
    again.data.forEach((value, i) => expect(Math.abs(value - errors.data[i]!)).toBeLessThan(1e-6));
  });

  it('gives the same loss curve for the same seed, and another for another seed', async () => {
    const X = noisySines(200, 0.3);
    const curve = async (seed: number) => {
      const detector = new Conv1dAutoencoder(tf, config({ epochs: 3, seed }));
      const report = await detector.fit(X);
      detector.dispose();
      return report.history;
    };
    const first = await curve(5);
    expect(await curve(5)).toEqual(first);
    expect((await curve(6)).loss).not.toEqual(first.loss);
  });

  it('leaves no tensors behind after fit, scoring and dispose', async () => {
    const X = noisySines(100, 0.2);
    const run = async () => {
      const detector = new Conv1dAutoencoder(tf, config({ epochs: 2, activation: 'leakyRelu' }));
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
