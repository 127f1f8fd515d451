// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LensBridge } from '../../shared/ipc';
import type { LoadedModel } from '../../shared/ipc/models';
import { useAppStore } from '../services/app';
import { setBridge } from '../services/client';
import { useDatasetStore } from '../services/datasets';
import { useTrainingStore } from '../services/training';
import SavedModelPanel from './SavedModelPanel.vue';

const model: LoadedModel = {
  modelId: 'model_1',
  dir: '/models/pump',
  preset: 'dense-relu',
  family: 'dense',
  signals: ['a', 'b'],
  threshold: { rule: { kind: 'percentile', p: 99 }, value: 4.25 },
};

function fakeBridge() {
  const calls: Array<{ channel: string; request: any }> = [];
  const bridge: LensBridge = {
    async invoke(channel, request) {
      calls.push({ channel, request });
      if (channel === 'models:import') {
        return (request as { dir: string }).dir === model.dir
          ? ({ ok: true, value: model } as never)
          : ({ ok: false, error: { code: 'BAD_REQUEST', message: '/nope/model.json is missing: not an Anomaly Lens model folder' } } as never);
      }
      if (channel === 'models:score') return { ok: true, value: { jobId: 'job_1' } } as never;
      return { ok: false, error: { code: 'NOT_SUPPORTED', message: channel } } as never;
    },
    subscribe: () => () => undefined,
  };
  return { bridge, calls };
}

function openDataset(columns: string[]) {
  const datasets = useDatasetStore();
  datasets.summary = { id: 'ds_1', columns: columns.map((name) => ({ name, suggestedRole: name === 'label' ? 'label' : 'signal' })) } as never;
  datasets.roleOf = Object.fromEntries(columns.map((name) => [name, name === 'label' ? 'label' : 'signal'])) as never;
}

let calls: Array<{ channel: string; request: any }>;
beforeEach(() => {
  setActivePinia(createPinia());
  const fake = fakeBridge();
  calls = fake.calls;
  setBridge(fake.bridge);
});
afterEach(() => setBridge(null));

async function importFrom(dir: string) {
  const wrapper = mount(SavedModelPanel);
  await wrapper.find('[data-testid="saved-model-dir"]').setValue(dir);
  await wrapper.find('form').trigger('submit');
  await flushPromises();
  return wrapper;
}

describe('SavedModelPanel', () => {
  it('imports a model folder, then scores the open dataset with it as a job the Train step follows', async () => {
    openDataset(['a', 'b', 'label']);
    const wrapper = await importFrom('/models/pump');
    expect(wrapper.get('[data-testid="saved-model-info"]').text()).toMatch(/^dense-relu \(dense\) on 2 signals;\s+threshold 4.25, percentile 99 of the training rows' scores$/);
    await wrapper.get('[data-testid="saved-model-score"]').trigger('click');
    await flushPromises();
    expect(calls.at(-1)).toEqual({
      channel: 'models:score',
      request: { modelId: 'model_1', datasetId: 'ds_1', roles: { time: null, label: 'label' }, missing: 'forward-fill' },
    });
    expect(useAppStore().step).toBe('train');
    expect(useTrainingStore().jobId).toBe('job_1');
  });

  it('says which signals the open dataset lacks and does not offer to score it', async () => {
    openDataset(['a', 'label']);
    const wrapper = await importFrom('/models/pump');
    expect(wrapper.get('[data-testid="saved-model-missing"]').text()).toBe("This dataset lacks the model's signal columns: b");
    expect(wrapper.get('[data-testid="saved-model-score"]').attributes('disabled')).toBeDefined();
  });

  it('shows why a folder is not a model', async () => {
    openDataset(['a', 'b']);
    const wrapper = await importFrom('/nope');
    expect(wrapper.get('[data-testid="saved-model-error"]').text()).toBe('/nope/model.json is missing: not an Anomaly Lens model folder');
    expect(wrapper.find('[data-testid="saved-model-info"]').exists()).toBe(false);
  });
});
