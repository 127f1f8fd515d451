import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findPreset } from '../../shared/domain/presets';
import { modelFileVersion, readModelDir, writeModelDir, type SavedModel } from './model-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lens-model-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const saved: SavedModel = {
  model: {
    config: findPreset('dense-relu')!.config,
    preprocessing: { signals: ['a', 'b'], scaler: { kind: 'standard', center: [1, 2], scale: [3, 4], log1p: [1] }, l2Rows: false },
    detector: {
      family: 'dense',
      inputSize: 2,
      tensors: [
        { shape: [2, 1], data: Float32Array.from([0.5, -0.25]) },
        { shape: [1], data: Float32Array.from([0.125]) },
      ],
      extra: null,
    },
    typicalError: [0.1, 0.2],
  },
  run: {
    threshold: { rule: { kind: 'percentile', p: 99 }, value: 4.25, alarms: { mergeGap: 2, minAlarms: 1, window: 3 } },
    split: { kind: 'chronological', train: 0.6, validation: 0.2, normalOnly: true },
    trainingScores: Float32Array.from([0.5, 1.25, 4.5]),
    fitMeans: Float64Array.from([3.5, Number.NaN]),
  },
};

describe('the model folder', () => {
  it('gives back the model, its threshold, its split and its training scores', async () => {
    await writeModelDir(dir, saved);
    expect(await readModelDir(dir)).toEqual(saved);
    expect(JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8')).version).toBe(modelFileVersion);
  });

  it('still reads a version 2 folder, which has no run', async () => {
    await writeModelDir(dir, saved);
    const json = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
    delete json.run;
    await writeFile(path.join(dir, 'model.json'), JSON.stringify({ ...json, version: 2 }));
    expect(await readModelDir(dir)).toEqual({ ...saved, run: null });
  });

  it('reads a folder written before training scores were kept, with none', async () => {
    await writeModelDir(dir, saved);
    await rm(path.join(dir, 'training-scores.bin'));
    expect((await readModelDir(dir)).run?.trainingScores).toEqual(new Float32Array(0));
  });

  it('names the file that is missing or broken', async () => {
    await expect(readModelDir(dir)).rejects.toThrow(`${path.join(dir, 'model.json')} is missing`);
    await writeModelDir(dir, saved);
    await rm(path.join(dir, 'weights.bin'));
    await expect(readModelDir(dir)).rejects.toThrow(`${dir}/weights.bin is missing`);
    await writeFile(path.join(dir, 'model.json'), JSON.stringify({ format: 'anomaly-lens-model', version: 9 }));
    await expect(readModelDir(dir)).rejects.toThrow(/model\.json is not an Anomaly Lens model: version/);
  });
});
