import { describe, expect, it } from 'vitest';
import type { DenseConfig, ModelConfig } from './domain/model-config';
import { findPreset } from './domain/presets';
import { sweepGridSchema } from './ipc/compare';
import { checkSweep, expandGrid, keySettings, sweepableFields, sweepCheckPasses, type SweepAxis } from './sweep-grid';

const dense = findPreset('dense-relu')!.config as DenseConfig;
const context = { inputSize: 38, trainingRows: 5000, hasLabels: true };

describe('expandGrid', () => {
  it('gives every combination, the first setting varying slowest, on top of the base config', () => {
    const runs = expandGrid(dense, [
      { field: 'learningRate', values: [0.001, 0.01] },
      { field: 'batchSize', values: [32, 64, 128] },
    ]);
    expect(runs.map((run) => run.settings.map((setting) => setting.value))).toEqual([
      [0.001, 32],
      [0.001, 64],
      [0.001, 128],
      [0.01, 32],
      [0.01, 64],
      [0.01, 128],
    ]);
    expect(runs[4]!.config).toEqual({ ...dense, learningRate: 0.01, batchSize: 64 });
    // the base is left as it was
    expect(dense.learningRate).toBe(1e-3);
  });

  it('sets nested settings and layer lists', () => {
    const [run] = expandGrid(dense, [
      { field: 'scoring.smoothingRows', values: [5] },
      { field: 'hiddenLayers', values: [[32, 8, 32]] },
    ]);
    expect(run!.config).toEqual({ ...dense, scoring: { ...dense.scoring, smoothingRows: 5 }, hiddenLayers: [32, 8, 32] });
  });
});

describe('checkSweep', () => {
  const check = (axes: SweepAxis[], base: ModelConfig = dense) => checkSweep(base, axes, context);

  it('passes a grid whose every run can train', () => {
    const result = check([
      { field: 'learningRate', values: [0.001, 0.005, 0.01] },
      { field: 'hiddenLayers', values: [[32, 16, 8], [64, 32, 16]] },
    ]);
    expect(result).toEqual({ axisErrors: [null, null], runErrors: [] });
    expect(sweepCheckPasses(result)).toBe(true);
  });

  it('says which value of which setting is out of range', () => {
    const result = check([
      { field: 'learningRate', values: [0.01, 2] },
      { field: 'batchSize', values: [32, 1.5] },
      { field: 'hiddenLayers', values: [[16], [0, 4]] },
    ]);
    expect(result.axisErrors[0]).toMatch(/^learning rate 2: /);
    expect(result.axisErrors[1]).toMatch(/^batch size 1\.5: /);
    expect(result.axisErrors[2]).toMatch(/^hidden layers 0-4: /);
    expect(sweepCheckPasses(result)).toBe(false);
  });

  it('refuses settings the family does not have, repeated settings and repeated values', () => {
    const pca = findPreset('pca')!.config;
    expect(check([{ field: 'learningRate', values: [0.01] }], pca).axisErrors).toEqual(['a pca model has no learning rate: choose one of its own settings']);
    expect(check([{ field: 'epochs', values: [1, 2] }, { field: 'epochs', values: [3] }]).axisErrors[1]).toBe('epochs is already in the grid');
    expect(check([{ field: 'epochs', values: [2, 2] }]).axisErrors).toEqual(['epochs 2 is listed twice']);
  });

  it('refuses more than 64 runs before expanding them', () => {
    const result = check([
      { field: 'learningRate', values: [0.001, 0.002, 0.003, 0.004, 0.005] },
      { field: 'batchSize', values: [8, 16, 32, 64, 128] },
      { field: 'epochs', values: [1, 2, 3] },
    ]);
    expect(result.runErrors).toEqual(['75 runs is more than 64: use fewer values']);
    expect(sweepGridSchema.safeParse([{ field: 'epochs', values: Array.from({ length: 65 }, (_, i) => i + 1) }]).success).toBe(false);
  });

  it('names the runs whose combination cannot train, and says a problem every run shares once', () => {
    const conv = findPreset('conv-small')!.config;
    // conv-small halves a 60-row window twice: 60 and 64 divide by 4, 62 does not, and by 8 (three layers) only 64 does
    const result = check([
      { field: 'window.length', values: [60, 62] },
      { field: 'filters', values: [[16, 8], [16, 8, 4]] },
    ], conv);
    expect(result.axisErrors).toEqual([null, null]);
    expect(result.runErrors).toHaveLength(3);
    expect(result.runErrors[0]).toMatch(/^run 2 of 4 \(window length 60, filters 16-8-4\): window length 60 must be divisible by 8/);
    const vae = findPreset('vae-latent-8')!.config;
    expect(checkSweep(vae, [{ field: 'learningRate', values: [0.01, 0.001] }], { inputSize: 4 }).runErrors).toEqual([
      'every run: latent size must be smaller than the input size 4',
    ]);
  });
});

describe('the settings a run shows', () => {
  it('lists what a sweep can vary on the family, and the activation', () => {
    expect(sweepableFields(dense)).toEqual(['learningRate', 'batchSize', 'epochs', 'patience', 'dropout', 'hiddenLayers', 'scoring.smoothingRows']);
    const settings = keySettings(dense);
    expect(settings.find((setting) => setting.key === 'hiddenLayers')).toEqual({ key: 'hiddenLayers', label: 'hidden layers', value: '64-32-16-32-64' });
    expect(settings.at(-1)).toEqual({ key: 'activation', label: 'activation', value: 'relu' });
    expect(keySettings(findPreset('pca')!.config).map((setting) => setting.key)).toEqual(['components', 'varianceToKeep', 'scoring.smoothingRows']);
  });
});
