// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { modelConfigIssues } from '../../shared/domain/model-validation';
import { presets } from '../../shared/domain/presets';
import type { DescribeRequest, DescribeResponse } from '../../shared/ipc/models';
import type { ChannelName, LensBridge } from '../../shared/ipc';
import type { DatasetSummary } from '../../shared/ipc/datasets';
import { setBridge } from '../services/client';
import { useDatasetStore } from '../services/datasets';
import { usePrepStore } from '../services/prep';
import ModelView from './ModelView.vue';

const sampleSummary: DatasetSummary = {
  id: 'ds-1',
  name: 'pumps.csv',
  path: '/tmp/pumps.csv',
  bytes: 10,
  rowCount: 100,
  columns: ['a', 'b', 'c'].map((name) => ({ name, type: 'float', sqlType: 'DOUBLE', nulls: 0, suggestedRole: 'signal', reason: 'numbers', profile: null })),
  preview: [],
  dialect: { format: 'csv', delimiter: ',', quote: '"', header: true, encoding: 'utf-8', compression: 'none' },
  importedAt: '2026-01-01T00:00:00.000Z',
  importSeconds: 0.1,
};

/** Answers the channels the Model view uses, and records what it was asked. */
function stubBridge(calls: Array<{ channel: ChannelName; request: unknown }>): LensBridge {
  return {
    async invoke(channel, request) {
      calls.push({ channel, request });
      if (channel === 'models:presets') return { ok: true, value: presets } as never;
      if (channel === 'models:describe') {
        // the host's answer: the shared field checks, a parameter count, and an epoch time only when measured
        const ask = request as DescribeRequest;
        const value: DescribeResponse = {
          issues: modelConfigIssues(ask.config, { inputSize: ask.inputSize, trainingRows: ask.trainingRows ?? undefined, hasLabels: ask.hasLabels ?? undefined }),
          parameterCount: 1234,
          epochs: typeof (ask.config as { epochs?: number }).epochs === 'number' ? 30 : null,
          samplesPerEpoch: 54,
          estimatedEpochMs: ask.measure ? 1500 : null,
          estimateNote: ask.measure ? null : 'not measured yet',
        };
        return { ok: true, value } as never;
      }
      if (channel === 'datasets:openSample') return { ok: true, value: sampleSummary } as never;
      if (channel === 'training:start') return { ok: true, value: { jobId: 'job-1' } } as never;
      if (channel === 'datasets:list') return { ok: true, value: [] } as never;
      if (channel === 'datasets:missing') return { ok: true, value: { rows: 100, rowsWithMissing: 0, cellsMissing: 0, first: null } } as never;
      if (channel === 'datasets:overview') {
        return { ok: true, value: { column: 'a', rowCount: 100, bucketSize: 1, min: [], max: [], labels: null } } as never;
      }
      return { ok: false, error: { code: 'NOT_SUPPORTED', message: `not stubbed: ${channel}` } } as never;
    },
    subscribe: () => () => undefined,
  };
}

async function mountWithDataset(calls: Array<{ channel: ChannelName; request: unknown }>) {
  setBridge(stubBridge(calls));
  await useDatasetStore().openSample();
  const wrapper = mount(ModelView);
  await flushPromises();
  return wrapper;
}

describe('ModelView form', () => {
  let calls: Array<{ channel: ChannelName; request: unknown }>;
  beforeEach(() => {
    setActivePinia(createPinia());
    calls = [];
  });
  afterEach(() => setBridge(null));

  it('shows the presets and the chosen preset in the form', async () => {
    const wrapper = await mountWithDataset(calls);
    expect(wrapper.find('[data-testid="preset-seed-hpc"]').exists()).toBe(true);
    // the default preset is the 64-32-16 funnel
    expect((wrapper.find('[data-testid="field-hiddenLayers"]').element as HTMLInputElement).value).toBe('64, 32, 16, 32, 64');
    expect(wrapper.find('[data-testid="model-summary"]').text()).toContain('1,234 parameters');
  });

  it('explains a bad hidden layer list next to the field and blocks training', async () => {
    const wrapper = await mountWithDataset(calls);
    await wrapper.find('[data-testid="field-hiddenLayers"]').setValue('64, 0, abc');
    expect(wrapper.find('[data-testid="error-hiddenLayers"]').text()).toContain('hidden layer sizes must be whole numbers from 1 to 4096');
    expect(wrapper.find('[data-testid="train-button"]').attributes('disabled')).toBeDefined();
  });

  it.each([
    ['epochs', '0', 'epochs must be a whole number from 1 to 10000'],
    ['epochs', '2.5', 'epochs must be a whole number'],
    ['batchSize', '', 'batch size must be a whole number'],
    ['learningRate', '0', 'learning rate must be a number above 0'],
    ['dropout', '0.95', 'dropout must be a number from 0 to 0.9'],
    ['patience', '-1', 'patience must be a whole number from 0 to 1000'],
  ])('rejects %s = "%s"', async (field, value, message) => {
    const wrapper = await mountWithDataset(calls);
    await wrapper.find(`[data-testid="field-${field}"]`).setValue(value);
    expect(wrapper.find(`[data-testid="error-${field}"]`).text()).toContain(message);
  });

  it('starts training with the edited, validated config', async () => {
    const wrapper = await mountWithDataset(calls);
    await wrapper.find('[data-testid="field-epochs"]').setValue('3');
    await wrapper.find('[data-testid="field-hiddenLayers"]').setValue('32, 8, 32');
    await flushPromises();
    await wrapper.find('[data-testid="model-form"]').trigger('submit');
    await flushPromises();
    const start = calls.find((call) => call.channel === 'training:start');
    expect(start?.request).toMatchObject({
      datasetId: 'ds-1',
      roles: { time: null, label: null, signals: ['a', 'b', 'c'] },
      model: { family: 'dense', preset: 'dense-relu', epochs: 3, hiddenLayers: [32, 8, 32] },
      // the split and the missing-value policy come from the Data step: here its defaults
      split: { kind: 'chronological', train: 0.6, validation: 0.2, normalOnly: false },
      missing: 'forward-fill',
    });
    expect(wrapper.find('[data-testid="model-split"]').text()).toContain('rows in time order 60% / 20% / 20%');
  });

  it('sends the split and missing-value policy chosen on the Data step', async () => {
    const wrapper = await mountWithDataset(calls);
    const prep = usePrepStore();
    prep.splitForm = { ...prep.splitForm, kind: 'random', seed: '5', train: '0.7', validation: '0.1' };
    prep.missing = 'mean-fill';
    await flushPromises();
    await wrapper.find('[data-testid="model-form"]').trigger('submit');
    await flushPromises();
    expect(calls.find((call) => call.channel === 'training:start')?.request).toMatchObject({
      split: { kind: 'random', train: 0.7, validation: 0.1, seed: 5, normalOnly: false },
      missing: 'mean-fill',
    });
  });

  it('shows a problem only the data can reveal, and blocks training on it', async () => {
    const wrapper = await mountWithDataset(calls);
    await wrapper.find('[data-testid="preset-vae-latent-4"]').trigger('click');
    await flushPromises();
    // the sample has 3 signals: a latent size of 4 cannot be a bottleneck
    expect(wrapper.find('[data-testid="model-issues"]').text()).toContain('latent size must be smaller than the input size 3');
    expect(wrapper.find('[data-testid="train-button"]').attributes('disabled')).toBeDefined();
  });

  it('shows only the settings a family has', async () => {
    const wrapper = await mountWithDataset(calls);
    await wrapper.find('[data-testid="preset-pca"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="field-epochs"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="field-hiddenLayers"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="measure-epoch"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="train-button"]').attributes('disabled')).toBeUndefined();
  });

  it('narrows the presets to a family card, picks its first, and shows the window settings of a sequence model', async () => {
    const wrapper = await mountWithDataset(calls);
    expect(wrapper.find('[data-testid="field-windowLength"]').exists()).toBe(false);
    await wrapper.find('[data-testid="family-conv1d"]').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-testid^="preset-"]').map((card) => card.attributes('data-testid'))).toEqual(['preset-conv-small']);
    expect((wrapper.find('[data-testid="field-windowLength"]').element as HTMLInputElement).value).toBe('60');
    await wrapper.find('[data-testid="field-windowLength"]').setValue('32');
    await wrapper.find('[data-testid="field-scaler"]').setValue('robust');
    await wrapper.find('[data-testid="model-form"]').trigger('submit');
    await flushPromises();
    expect(calls.find((call) => call.channel === 'training:start')?.request).toMatchObject({
      model: { family: 'conv1d', scaler: 'robust', window: { length: 32, stride: 4, attribution: 'last' } },
    });
    // the same card again shows every preset
    await wrapper.find('[data-testid="family-conv1d"]').trigger('click');
    expect(wrapper.findAll('[data-testid^="preset-"]').length).toBeGreaterThan(10);
  });

  it('asks the engine to time an epoch on demand', async () => {
    const wrapper = await mountWithDataset(calls);
    await wrapper.find('[data-testid="measure-epoch"]').trigger('click');
    await flushPromises();
    const measured = calls.filter((call) => call.channel === 'models:describe' && (call.request as DescribeRequest).measure);
    expect(measured).toHaveLength(1);
    expect((measured[0]!.request as DescribeRequest).trainingRows).toBe(60);
    expect(wrapper.find('[data-testid="epoch-estimate"]').text()).toMatch(/per epoch.*30 epochs/);
  });

  it('blocks training while the split is invalid', async () => {
    const wrapper = await mountWithDataset(calls);
    const prep = usePrepStore();
    prep.splitForm = { ...prep.splitForm, train: '0.9', validation: '0.5' };
    await flushPromises();
    expect(wrapper.find('[data-testid="train-button"]').attributes('disabled')).toBeDefined();
    expect(wrapper.find('[data-testid="model-split"]').text()).toContain('fix it on the Data step');
  });
});
