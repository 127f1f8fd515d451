import { describe, expect, it } from 'vitest';
import type { DenseConfig } from '../../shared/domain/model-config';
import { presets } from '../../shared/domain/presets';
import { formFromConfig, validateModelForm } from './model-form';

const base = presets[0].config as DenseConfig;
const form = () => formFromConfig(base);

describe('validateModelForm', () => {
  it('accepts a preset unchanged', () => {
    const checked = validateModelForm(form(), base);
    expect(checked.errors).toEqual({});
    expect(checked.config).toEqual(base);
  });

  it('parses comma-separated layers with spaces', () => {
    expect((validateModelForm({ ...form(), hiddenLayers: ' 128 ,64,  128' }, base).config as DenseConfig | null)?.hiddenLayers).toEqual([128, 64, 128]);
  });

  it('rejects layers out of range, empty and too many', () => {
    expect(validateModelForm({ ...form(), hiddenLayers: '5000' }, base).errors.hiddenLayers).toMatch(/from 1 to 4096/);
    expect(validateModelForm({ ...form(), hiddenLayers: '' }, base).errors.hiddenLayers).toMatch(/whole numbers/);
    expect(validateModelForm({ ...form(), hiddenLayers: '64,,32' }, base).errors.hiddenLayers).toMatch(/whole numbers/);
    expect(validateModelForm({ ...form(), hiddenLayers: Array(16).fill(8).join(',') }, base).errors.hiddenLayers).toMatch(/at most 15/);
  });

  it('accepts scientific notation for the learning rate', () => {
    expect((validateModelForm({ ...form(), learningRate: '1e-4' }, base).config as DenseConfig | null)?.learningRate).toBe(1e-4);
  });

  it('shows only the settings a family has, and keeps the others from the preset', () => {
    const pca = presets.find((preset) => preset.name === 'pca')!.config;
    const pcaForm = formFromConfig(pca);
    expect(pcaForm.epochs).toBeNull();
    expect(pcaForm.hiddenLayers).toBeNull();
    expect(validateModelForm(pcaForm, pca).config).toEqual(pca);
    const lstm = presets.find((preset) => preset.name === 'lstm-64')!.config;
    const lstmForm = { ...formFromConfig(lstm), epochs: '7' };
    expect(lstmForm.dropout).toBeNull();
    expect(validateModelForm(lstmForm, lstm).config).toEqual({ ...lstm, epochs: 7 });
  });

  it('sets how scores are normalised and smoothed', () => {
    const changed = validateModelForm({ ...form(), normalise: 'none', smoothingRows: '15', smoothingAlign: 'trailing' }, base);
    expect(changed.config?.scoring).toEqual({ normalise: 'none', smoothingRows: 15, smoothingAlign: 'trailing' });
    expect(validateModelForm({ ...form(), smoothingRows: '0' }, base).errors.smoothingRows).toMatch(/from 1 to 100000/);
    expect(validateModelForm({ ...form(), smoothingRows: '2.5' }, base).errors.smoothingRows).toMatch(/whole number/);
  });

  it('sets the preprocessing, and the window where the family has one', () => {
    const changed = validateModelForm({ ...form(), scaler: 'robust', l2Rows: true, log1pSignals: ' flow, pressure ,' }, base).config!;
    expect([changed.scaler, changed.l2Rows, changed.log1pSignals]).toEqual(['robust', true, ['flow', 'pressure']]);
    expect(form().windowLength).toBeNull();
    const conv = presets.find((preset) => preset.name === 'conv-small')!.config;
    const convForm = formFromConfig(conv);
    expect([convForm.windowLength, convForm.windowStride, convForm.windowAttribution]).toEqual(['60', '4', 'last']);
    const windowed = validateModelForm({ ...convForm, windowLength: '32', windowStride: '2', windowAttribution: 'mean' }, conv).config!;
    expect('window' in windowed && windowed.window).toEqual({ length: 32, stride: 2, attribution: 'mean' });
    const wrong = validateModelForm({ ...convForm, windowLength: '1', windowStride: 'x' }, conv);
    expect(wrong.config).toBeNull();
    expect(Object.keys(wrong.errors).sort()).toEqual(['windowLength', 'windowStride']);
  });

  it('gives no config while any field is wrong', () => {
    const checked = validateModelForm({ ...form(), epochs: 'ten' }, base);
    expect(checked.config).toBeNull();
    expect(Object.keys(checked.errors)).toEqual(['epochs']);
  });
});
