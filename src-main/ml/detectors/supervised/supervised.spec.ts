import { beforeAll, describe, expect, it } from 'vitest';
import type { AeClassifierConfig, ClstmConfig } from '../../../../shared/domain/model-config';
import { mulberry32 } from '../../../../shared/random';
import { loadBackend, type Tf } from '../../backend';
import type { Matrix } from '../../matrix';
import { rocAuc } from '../../metrics';
import type { Detector, FitProgress } from '../detector';
import { AeClassifier, aeClassifierParameterCount, buildAeClassifier } from './ae-classifier';
import { Clstm, buildClstm, clstmParameterCount } from './clstm';
import { noAnomaliesMessage } from './labels';

let tf: Tf;
beforeAll(async () => {
  tf = (await loadBackend('auto')).tf;
});

const common = {
  scaler: 'standard' as const,
  log1pSignals: [],
  l2Rows: false,
  scoring: { normalise: 'none' as const, smoothingRows: 1, smoothingAlign: 'centred' as const },
  learningRate: 0.01,
  batchSize: 32,
  patience: 0,
  validationFraction: 0.1,
  seed: 11,
};

const aeConfig: AeClassifierConfig = {
  family: 'ae-classifier',
  preset: 'ae-classifier',
  ...common,
  epochs: 8,
  hiddenLayers: [8, 3, 8],
  activation: 'tanh',
  dropout: 0,
  headEpochs: 25,
};

const clstmConfig: ClstmConfig = {
  family: 'clstm',
  preset: 'clstm',
  ...common,
  epochs: 12,
  window: { length: 16, stride: 2, attribution: 'last' },
  filters: [8, 8],
  kernelSize: 3,
  lstmUnits: 8,
  denseUnits: 8,
};

function gaussian(uniform: () => number) {
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/**
 * Labelled data with decoys: the anomalies are one kind of departure, and a second kind of the same
 * size is labelled normal. A model that only reacts to "something changed" ranks both alike; only one
 * that learned the labels separates them. `disturbed` marks the rows of either kind.
 */
interface Labelled {
  X: Matrix;
  labels: Uint8Array;
  disturbed: Uint8Array;
}

/** 6 standard-normal signals; ~10% anomalies shifted +2.5 on signals 0-2, ~10% decoys shifted +2.5 on signals 3-5. */
function shiftedRows(n: number, seed: number): Labelled {
  const uniform = mulberry32(seed);
  const noise = gaussian(uniform);
  const d = 6;
  const data = new Float32Array(n * d);
  const labels = new Uint8Array(n);
  const disturbed = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const draw = uniform();
    labels[r] = draw < 0.1 ? 1 : 0;
    disturbed[r] = draw < 0.2 ? 1 : 0;
    const shifted = labels[r] ? [0, 1, 2] : disturbed[r] ? [3, 4, 5] : [];
    for (let c = 0; c < d; c++) data[r * d + c] = noise() + (shifted.includes(c) ? 2.5 : 0);
  }
  return { X: { data, n, d }, labels, disturbed };
}

/**
 * Two noisy sinusoids (period 20 rows). Every 100 rows (shifted by `phase`): 12 rows where signal 0
 * steps up by 2 (labelled anomalies) and, 40 rows earlier, 12 rows where signal 1 does (decoys).
 */
function stepSeries(n: number, seed: number, phase = 0): Labelled {
  const noise = gaussian(mulberry32(seed));
  const data = new Float32Array(n * 2);
  const labels = new Uint8Array(n);
  const disturbed = new Uint8Array(n);
  for (let t = 0; t < n; t++) {
    const offset = (t + phase) % 100;
    const anomaly = offset >= 60 && offset < 72;
    const decoy = offset >= 20 && offset < 32;
    labels[t] = anomaly ? 1 : 0;
    disturbed[t] = anomaly || decoy ? 1 : 0;
    const angle = (2 * Math.PI * t) / 20;
    data[2 * t] = Math.sin(angle) + 0.1 * noise() + (anomaly ? 2 : 0);
    data[2 * t + 1] = Math.cos(angle) + 0.1 * noise() + (decoy ? 2 : 0);
  }
  return { X: { data, n, d: 2 }, labels, disturbed };
}

/** ROC-AUC over the disturbed rows only: anomalies against the decoys labelled normal. */
function anomalyVersusDecoyAuc(scores: Float32Array, { labels, disturbed }: Labelled): number | null {
  const rows = Array.from(disturbed.keys()).filter((row) => disturbed[row]);
  return rocAuc(
    rows.map((row) => scores[row]!),
    rows.map((row) => labels[row]!),
  );
}

interface Case {
  name: string;
  make(tf: Tf): Detector;
  restore(tf: Tf, state: ReturnType<Detector['save']>): Detector;
  data(n: number, seed: number): Labelled;
}

const cases: Case[] = [
  {
    name: 'autoencoder classifier',
    make: (tf) => new AeClassifier(tf, aeConfig),
    restore: (tf, state) => AeClassifier.restore(tf, aeConfig, state),
    data: shiftedRows,
  },
  {
    name: 'C-LSTM',
    make: (tf) => new Clstm(tf, clstmConfig),
    restore: (tf, state) => Clstm.restore(tf, clstmConfig, state),
    data: (n, seed) => stepSeries(n, seed, seed),
  },
];

describe('parameter counts', () => {
  it('match countParams() of the built autoencoder classifier', () => {
    const config = { ...aeConfig, hiddenLayers: [16, 4, 9], activation: 'leakyRelu' as const, dropout: 0.1 };
    const model = buildAeClassifier(tf, 7, config);
    expect(aeClassifierParameterCount(7, config)).toBe(model.autoencoder.countParams() + model.head.countParams());
    // 7-16-4-9-7 autoencoder plus a 4 -> 1 logistic head
    expect(aeClassifierParameterCount(7, config)).toBe(7 * 16 + 16 + 16 * 4 + 4 + 4 * 9 + 9 + 9 * 7 + 7 + 4 + 1);
    expect(model.encoder.at(-1)!.outputShape).toEqual([null, 4]);
    model.autoencoder.dispose();
    model.head.dispose();
  });

  it('match countParams() of the built C-LSTM', () => {
    const config = { ...clstmConfig, filters: [6, 10], kernelSize: 5, lstmUnits: 7, denseUnits: 3 };
    const model = buildClstm(tf, 4, config);
    expect(clstmParameterCount(4, config)).toBe(model.countParams());
    // conv 5*4*6+6, conv 5*6*10+10, LSTM 4*(7*(10+7)+7), dense 7*3+3, logit 3+1
    expect(clstmParameterCount(4, config)).toBe(126 + 310 + 504 + 24 + 4);
    model.dispose();
  });

  it('refuse windows too short for the pooling layers', () => {
    expect(() => buildClstm(tf, 2, { ...clstmConfig, window: { ...clstmConfig.window, length: 3 } })).toThrow(/at least 4 rows/);
  });
});

describe.each(cases)('$name', ({ make, restore, data }) => {
  it('separates held-out labelled anomalies from normal rows and decoys (ROC-AUC >= 0.9), restores, leaks no tensors', async () => {
    const train = data(1500, 1);
    const test = data(600, 2);
    const tensorsBefore = tf.memory().numTensors;
    const detector = make(tf);
    const epochs: number[] = [];
    const report = await detector.fit(train.X, { labels: train.labels, onProgress: (progress: FitProgress) => epochs.push(progress.epoch) });
    const scores = await detector.decisionFunction(test.X);
    const state = detector.save();
    detector.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    expect(report.cancelled).toBe(false);
    expect(epochs.at(-1)).toBe(report.epochsRun);
    expect(scores.every((score) => score >= 0 && score <= 1)).toBe(true);
    expect(rocAuc(scores, test.labels)).toBeGreaterThanOrEqual(0.9);
    expect(anomalyVersusDecoyAuc(scores, test)).toBeGreaterThanOrEqual(0.9);

    const restored = restore(tf, state);
    const again = await restored.decisionFunction(test.X);
    restored.dispose();
    expect(again.length).toBe(scores.length);
    const largestDifference = again.reduce((worst, score, i) => Math.max(worst, Math.abs(score - scores[i]!)), 0);
    expect(largestDifference).toBeLessThan(1e-6);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('follows the labels: trained with the decoys labelled instead, it ranks the decoys above the anomalies', async () => {
    const train = data(1500, 1);
    const test = data(600, 2);
    const decoyLabels = train.disturbed.map((disturbed, row) => (disturbed && !train.labels[row] ? 1 : 0));
    const detector = make(tf);
    await detector.fit(train.X, { labels: decoyLabels });
    const scores = await detector.decisionFunction(test.X);
    detector.dispose();
    expect(anomalyVersusDecoyAuc(scores, test)).toBeLessThanOrEqual(0.1);
  });

  it('stops within one batch when cancelled and reports it', async () => {
    const { X, labels } = data(300, 3);
    const tensorsBefore = tf.memory().numTensors;
    const detector = make(tf);
    const report = await detector.fit(X, { labels, isCancelled: () => true });
    detector.dispose();
    expect(report.cancelled).toBe(true);
    expect(report.epochsRun).toBe(0);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('refuses to train without labels, on one class, or on labels of the wrong length', async () => {
    const { X, labels } = data(300, 3);
    const detector = make(tf);
    await expect(detector.fit(X)).rejects.toThrow(/learns from labels/);
    await expect(detector.fit(X, { labels: new Uint8Array(X.n) })).rejects.toThrow(noAnomaliesMessage);
    await expect(detector.fit(X, { labels: new Uint8Array(X.n).fill(1) })).rejects.toThrow(/only anomalies/);
    await expect(detector.fit(X, { labels: labels.subarray(1) })).rejects.toThrow(`got ${X.n - 1} labels for ${X.n} training rows`);
    detector.dispose();
  });
});

describe('autoencoder classifier', () => {
  it('keeps the reconstruction errors for explanations and counts epochs across both phases', async () => {
    const { X, labels } = shiftedRows(400, 4);
    const detector = new AeClassifier(tf, { ...aeConfig, epochs: 3, headEpochs: 4 });
    const seen: Array<[number, number]> = [];
    const report = await detector.fit(X, { labels, onProgress: (progress) => seen.push([progress.epoch, progress.epochs]) });
    const errors = await detector.featureErrors(X);
    detector.dispose();
    expect(report.epochsRun).toBe(7);
    expect(report.history.loss).toHaveLength(7);
    expect(report.history.valLoss).toHaveLength(7);
    const epochEnds = [...new Set(seen.map(([epoch]) => epoch))];
    expect(epochEnds).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(seen.every(([, epochs]) => epochs === 7)).toBe(true);
    expect([errors.n, errors.d]).toEqual([400, 6]);
    expect(errors.data.every((value) => value >= 0)).toBe(true);
  });

  it('uses the given validation rows and their labels for the head', async () => {
    const train = shiftedRows(300, 5);
    const validation = shiftedRows(100, 6);
    const detector = new AeClassifier(tf, { ...aeConfig, epochs: 1, headEpochs: 1 });
    await expect(detector.fit(train.X, { labels: train.labels, validation: validation.X })).rejects.toThrow(/label for every validation row/);
    const report = await detector.fit(train.X, { labels: train.labels, validation: validation.X, validationLabels: validation.labels });
    detector.dispose();
    expect(report.history.valLoss).toHaveLength(2);
  });
});
