import { beforeAll, describe, expect, it } from 'vitest';
import type { DenseConfig } from '../../shared/domain/model-config';
import { findPreset } from '../../shared/domain/presets';
import { mulberry32 } from '../../shared/random';
import { loadBackend, type Tf } from './backend';
import { DenseAutoencoder } from './detectors/dense';
import type { FitProgress } from './detectors/detector';

let tf: Tf;
beforeAll(async () => {
  tf = (await loadBackend('auto')).tf;
});

const config = { ...(findPreset('dense-relu')!.config as DenseConfig), patience: 0 };

function noise(n: number, d: number, seed = 4) {
  const random = mulberry32(seed);
  return { data: Float32Array.from({ length: n * d }, () => random() - 0.5), n, d };
}

describe('training engine', () => {
  it('reports every batch with an ETA and closes each epoch with its losses', async () => {
    const events: FitProgress[] = [];
    const model = new DenseAutoencoder(tf, { ...config, epochs: 2, batchSize: 50 });
    await model.fit(noise(1000, 6), { onProgress: (progress) => events.push(progress), progressIntervalMs: 0 });
    model.dispose();
    // 900 fit rows (10% held out) in batches of 50: 18 batches, the last of each epoch carrying the epoch's losses
    const batchEvents = events.filter((event) => event.epochLoss === null);
    expect(batchEvents).toHaveLength(2 * 17);
    expect(batchEvents.slice(0, 17).map((event) => event.batch)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    expect(batchEvents.every((event) => event.batches === 18 && event.etaMs !== null && event.loss! > 0)).toBe(true);
    const epochEnds = events.filter((event) => event.epochLoss !== null);
    expect(epochEnds.map((event) => [event.epoch, event.batch])).toEqual([
      [1, 18],
      [2, 18],
    ]);
    expect(epochEnds.every((event) => event.valLoss !== null)).toBe(true);
    expect(epochEnds[1]!.etaMs).toBe(0);
  });

  it('keeps the number of live tensors the same from epoch to epoch, and frees them all on dispose', async () => {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const model = new DenseAutoencoder(tf, { ...config, epochs: 4 });
    await model.fit(noise(600, 8), { onProgress: (progress) => progress.epochLoss !== null && counts.push(tf.memory().numTensors) });
    await model.featureErrors(noise(50, 8));
    model.dispose();
    expect(counts).toHaveLength(4);
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops inside an epoch on cancel and says so', async () => {
    let batches = 0;
    const model = new DenseAutoencoder(tf, { ...config, epochs: 5, batchSize: 16 });
    const report = await model.fit(noise(2000, 6), {
      progressIntervalMs: 0,
      onProgress: (progress) => (batches = progress.batch),
      isCancelled: () => batches >= 3,
    });
    model.dispose();
    expect(report.cancelled).toBe(true);
    expect(report.epochsRun).toBe(0);
    expect(batches).toBe(3);
  });

  it('fails with a clear message when the loss diverges', async () => {
    const huge = noise(200, 4);
    huge.data.forEach((_, i) => (huge.data[i] = huge.data[i]! * 1e30));
    const model = new DenseAutoencoder(tf, { ...config, epochs: 2, learningRate: 1 });
    await expect(model.fit(huge)).rejects.toThrow(/loss became (NaN|Infinity).*lower the learning rate/);
    model.dispose();
  });
});
