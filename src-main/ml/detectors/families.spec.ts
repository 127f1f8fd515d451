import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../../shared/domain/model-config';
import { presets } from '../../../shared/domain/presets';
import { mulberry32 } from '../../../shared/random';
import { runTrainJob } from '../../jobs/train-job';
import { loadBackend, type Tf } from '../backend';
import { readModelDir, writeModelDir } from '../model-file';
import { scoreWithModel } from '../score-model';
import { parameterCount } from './parameter-count';

let tf: Tf;
beforeAll(async () => {
  tf = (await loadBackend('auto')).tf;
});

const signals = ['flow', 'pressure', 'temp', 'vibration', 'current'];

/** Five coupled signals with a daily-like cycle; rows 250-269 break the coupling and are labelled. */
function plant(n: number) {
  const random = mulberry32(17);
  const data = new Float32Array(n * signals.length);
  const labels = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const phase = Math.sin((2 * Math.PI * r) / 48);
    const load = Math.cos((2 * Math.PI * r) / 17);
    const values = [phase + load, 2 * phase, load - phase, 0.5 * load, phase * 3 + 1];
    const broken = (r >= 250 && r < 270) || (r >= 120 && r < 130);
    if (broken) values[2] = values[2]! + 3;
    labels[r] = broken ? 1 : 0;
    values.forEach((value, s) => (data[r * signals.length + s] = value + 0.05 * (random() - 0.5)));
  }
  return { X: { data, n, d: signals.length }, labels };
}

/** Each preset made small enough to train in a second or two: one epoch, short windows. */
function small(config: ModelConfig): ModelConfig {
  const out = structuredClone(config) as ModelConfig & Record<string, unknown>;
  if ('epochs' in out) Object.assign(out, { epochs: 1, patience: 0 });
  if ('window' in out) out.window = { length: 16, stride: 4, attribution: out.family === 'window-dense' ? 'mean' : 'last' };
  if (out.family === 'rdae') Object.assign(out, { outerIterations: 2, innerEpochs: 1 });
  if (out.family === 'vae') out.annealEpochs = 0;
  if (out.family === 'ae-classifier') out.headEpochs = 1;
  if ('hiddenLayers' in out) out.hiddenLayers = [8, 3, 8];
  if (out.family === 'iforest') out.trees = 20;
  return out;
}

describe('every preset', () => {
  const { X, labels } = plant(300);
  for (const preset of presets) {
    it(`${preset.name}: trains through the job, and a model written to disk and read back scores the same within 1e-6`, async () => {
      const config = small(preset.config);
      const tensorsBefore = tf.memory().numTensors;
      const output = await runTrainJob(
        tf,
        { jobId: preset.name, config, signals, fit: X, fitLabels: labels, validation: null, validationLabels: null, score: X },
        { onProgress: () => undefined, isCancelled: () => false },
      );
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      expect(output.scores).toHaveLength(X.n);
      expect(output.scores.every(Number.isFinite)).toBe(true);
      if (output.errors) expect(output.errors).toHaveLength(X.n * X.d);
      expect(output.model.detector.family).toBe(config.family);
      const extra = config.family === 'vae' ? ['negative_elbo'] : config.family === 'rdae' ? ['sparse_norm'] : [];
      expect(output.extraScores.map((score) => score.name)).toEqual(extra);
      output.extraScores.forEach((score) => expect(score.values).toHaveLength(X.n));
      expect(parameterCount(config, X.d)).toBe(output.model.detector.tensors.reduce((sum, tensor) => sum + tensor.data.length, 0) * (['pca', 'iforest'].includes(config.family) ? 0 : 1));

      const dir = await mkdtemp(path.join(os.tmpdir(), 'lens-model-'));
      try {
        await writeModelDir(dir, { model: output.model, run: null });
        const reloaded = await scoreWithModel(tf, (await readModelDir(dir)).model, X);
        let worst = 0;
        reloaded.scores.forEach((score, row) => (worst = Math.max(worst, Math.abs(score - output.scores[row]!))));
        expect(worst).toBeLessThan(1e-6);
        expect(reloaded.errors === null).toBe(output.errors === null);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      expect(tf.memory().numTensors).toBe(tensorsBefore);
    });
  }

  it('says which file is not a model', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lens-model-'));
    try {
      await expect(readModelDir(dir)).rejects.toThrow(/model\.json/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
