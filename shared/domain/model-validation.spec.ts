import { describe, expect, it } from 'vitest';
import { modelConfigSchema, type ModelConfig } from './model-config';
import { modelConfigIssues } from './model-validation';
import { familyGuides, findPreset, presets } from './presets';

const preset = (name: string) => JSON.parse(JSON.stringify(findPreset(name)!.config)) as ModelConfig;

describe('model config validation', () => {
  it('accepts every preset on 38 signals with enough rows', () => {
    for (const { name, config } of presets) {
      expect(modelConfigSchema.safeParse(config).success, name).toBe(true);
      const issues = modelConfigIssues(config, { inputSize: 38, trainingRows: 10_000, hasLabels: true });
      // seed-hpc reproduces a study on 159 signals: on 38 it is overcomplete, which is worth a warning only
      expect(issues.filter((issue) => issue.severity === 'error'), name).toEqual([]);
    }
  });

  it('names the field and the input size when the bottleneck is not narrower than the input', () => {
    const vae = { ...preset('vae-latent-16'), latentSize: 40 };
    expect(modelConfigIssues(vae, { inputSize: 38 })).toContainEqual({
      field: 'latentSize',
      message: 'latent size must be smaller than the input size 38',
      severity: 'error',
    });
    expect(modelConfigIssues(preset('seed-hpc'), { inputSize: 38 })).toEqual([
      {
        field: 'hiddenLayers',
        message: expect.stringMatching(/narrowest hidden layer \(64\) should be smaller than the input size 38/),
        severity: 'warning',
      },
    ]);
    expect(modelConfigIssues(preset('seed-hpc'), { inputSize: 159 })).toEqual([]);
    // a flattened window's input is length x signals: 144 x 1 for one signal
    expect(modelConfigIssues(preset('window-dense-60-20'), { inputSize: 1 })).toEqual([]);
  });

  it('checks windows against the rows and the pooling layers', () => {
    const conv = preset('conv-small');
    if (conv.family !== 'conv1d') throw new Error('conv-small is a conv1d preset');
    conv.window.length = 62;
    expect(modelConfigIssues(conv, { inputSize: 3 }).map((issue) => issue.field)).toEqual(['window.length']);
    expect(modelConfigIssues(preset('lstm-64'), { inputSize: 3, trainingRows: 40 })[0]!.message).toMatch(/windows of 60 rows need at least 60 training rows; the split gives 40/);
  });

  it('asks for labels for the supervised families only', () => {
    expect(modelConfigIssues(preset('clstm'), { inputSize: 3, hasLabels: false })[0]!.message).toMatch(/learns from labels/);
    expect(modelConfigIssues(preset('dense-relu'), { inputSize: 38, hasLabels: false })).toEqual([]);
  });

  it('warns when the scoring cannot do what it says', () => {
    const forest = { ...preset('iforest'), scoring: { normalise: 'typical-error', smoothingRows: 60, smoothingAlign: 'centred' } };
    expect(modelConfigIssues(forest, { inputSize: 3 })).toEqual([
      { field: 'scoring.normalise', message: expect.stringMatching(/iforest model's score is not a reconstruction error/), severity: 'warning' },
    ]);
    expect(modelConfigIssues(preset('dense-relu'), { inputSize: 38, trainingRows: 50 })).toEqual([
      { field: 'scoring.smoothingRows', message: expect.stringMatching(/smoothing over 60 rows is longer than the 50 training rows/), severity: 'warning' },
    ]);
    const unsmoothed = { ...preset('dense-relu'), scoring: { normalise: 'none', smoothingRows: 0, smoothingAlign: 'centred' } };
    expect(modelConfigIssues(unsmoothed, { inputSize: 38 }).map((issue) => issue.field)).toEqual(['scoring.smoothingRows']);
  });

  it('has a guide for every family and a preset for every guide', () => {
    const families = modelConfigSchema.options.map((option) => option.shape.family.value);
    expect(familyGuides.map((guide) => guide.family).sort()).toEqual([...families].sort());
    for (const guide of familyGuides) expect(presets.some((preset) => preset.config.family === guide.family), guide.family).toBe(true);
  });

  it('turns schema problems into field-level messages', () => {
    const issues = modelConfigIssues({ ...preset('dense-relu'), learningRate: 0, batchSize: 1.5 }, { inputSize: 38 });
    expect(issues.map((issue) => issue.field).sort()).toEqual(['batchSize', 'learningRate']);
    expect(issues.find((issue) => issue.field === 'learningRate')!.message).toMatch(/^learning rate: /);
  });
});
