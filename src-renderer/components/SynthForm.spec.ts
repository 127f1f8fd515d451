// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LensBridge } from '../../shared/ipc';
import { setBridge } from '../services/client';
import { useDatasetStore } from '../services/datasets';
import ImportProgress from './ImportProgress.vue';
import SynthForm from './SynthForm.vue';

const dataset = {
  id: 'ds-s',
  name: 'Synthetic (20000 rows, 8 signals, seed 4)',
  path: '/ws/synthetic/synth_1.csv',
  bytes: 10,
  rowCount: 20_000,
  columns: [],
  preview: [],
  dialect: { format: 'csv', delimiter: ',', quote: '"', header: true, encoding: 'utf-8', compression: 'none' },
  importedAt: '2026-01-01T00:00:00Z',
  importSeconds: 0.4,
} as const;

function fakeBridge() {
  const calls: Array<{ channel: string; request: unknown }> = [];
  const listeners = new Map<string, (payload: unknown) => void>();
  let release: (outcome: 'done' | 'cancelled') => void = () => undefined;
  const bridge: LensBridge = {
    async invoke(channel, request) {
      calls.push({ channel, request });
      if (channel === 'datasets:list') return { ok: true, value: [] } as never;
      const outcome = await new Promise<'done' | 'cancelled'>((resolve) => (release = resolve));
      if (outcome === 'cancelled') return { ok: false, error: { code: 'CANCELLED', message: 'import cancelled' } } as never;
      return { ok: true, value: { dataset, truthPath: `${dataset.path}.truth.json`, anomalies: 12, anomalousRows: 1000 } } as never;
    },
    subscribe: (event, listener) => {
      listeners.set(event, listener as (payload: unknown) => void);
      return () => undefined;
    },
  };
  const emit = (event: string, payload: unknown) => listeners.get(event)?.(payload);
  return { bridge, calls, emit, finish: () => release('done'), cancel: () => release('cancelled') };
}

describe('SynthForm', () => {
  let fake: ReturnType<typeof fakeBridge>;
  beforeEach(() => {
    setActivePinia(createPinia());
    fake = fakeBridge();
    setBridge(fake.bridge);
  });
  afterEach(() => setBridge(null));

  function form() {
    const wrapper = mount(SynthForm);
    const find = (id: string) => wrapper.find(`[data-testid="${id}"]`);
    return { wrapper, find, generateDisabled: () => find('synth-generate').attributes('disabled') !== undefined };
  }

  it('starts valid, and shows each bad field its own error under it and will not generate', async () => {
    const { find, generateDisabled } = form();
    expect(generateDisabled()).toBe(false);
    await find('synth-rows').setValue('50');
    expect(find('error-synth-rows').text()).toBe('rows must be a whole number from 100 to 5,000,000');
    expect(generateDisabled()).toBe(true);
    await find('synth-rows').setValue('100000');
    await find('synth-signals').setValue('400');
    expect(find('error-synth-rows').text()).toContain('rows x signals is 40,000,000, more than 20,000,000');
    await find('synth-signals').setValue('flow, label');
    expect(find('error-synth-signals').text()).toBe('"label" is a column of the generated file already');
    await find('synth-signals').setValue('flow,,temp');
    expect(find('error-synth-signals').text()).toBe('a signal name is missing between two commas');
    await find('synth-signals').setValue('flow, flow');
    expect(find('error-synth-signals').text()).toBe('a signal name is listed twice');
    await find('synth-share').setValue('60');
    expect(find('error-synth-share').text()).toBe('the anomalous share must be a number from 0 to 50 %');
    await find('synth-seed').setValue('-1');
    expect(find('error-synth-seed').exists()).toBe(true);
    for (const kind of ['mean-shift', 'correlation-break', 'variance-explosion']) await find(`synth-kind-${kind}`).setValue(false);
    expect(find('error-synth-kinds').text()).toBe('choose at least one kind of anomaly');
    expect(generateDisabled()).toBe(true);

    await find('synth-signals').setValue('flow, temp');
    await find('synth-share').setValue('0');
    await find('synth-seed').setValue('7');
    await find('synth-kind-variance-explosion').setValue(true);
    expect(generateDisabled()).toBe(false);
    expect(fake.calls.filter((c) => c.channel === 'datasets:synthesize')).toHaveLength(0);
  });

  it('sends the request, shows progress while generating, then opens the dataset with its truth file and closes', async () => {
    const { wrapper, find } = form();
    await find('synth-share').setValue('5');
    await find('synth-kind-correlation-break').setValue(false);
    await wrapper.find('form').trigger('submit');
    expect(fake.calls.find((c) => c.channel === 'datasets:synthesize')?.request).toEqual({
      rows: 20_000,
      signals: 8,
      anomalyShare: 0.05,
      kinds: ['mean-shift', 'variance-explosion'],
      seed: 4,
    });
    expect(find('synth-progress').text()).toContain('Generating 20,000 rows');
    expect(find('synth-generate').attributes('disabled')).toBeDefined();
    fake.finish();
    await flushPromises();
    const datasets = useDatasetStore();
    expect(datasets.summary?.id).toBe('ds-s');
    expect(datasets.truthPath).toBe('/ws/synthetic/synth_1.csv.truth.json');
    expect(find('synth-progress').exists()).toBe(false);
    expect(wrapper.emitted('close')).toHaveLength(1);
  });

  it('shows the generation as a job with progress and Cancel, and a cancel as cancelled, not as an error', async () => {
    const { wrapper } = form();
    const progress = mount(ImportProgress);
    await wrapper.find('form').trigger('submit');
    const datasets = useDatasetStore();
    expect(datasets.importing).toBe(true);
    const generating = { jobId: 'job-1', phase: 'generating', bytesDone: 0, bytesTotal: 0, rowsDone: 5000, elapsedMs: 800, etaMs: 2400 };
    fake.emit('datasets:importProgress', generating);
    await flushPromises();
    expect(progress.text()).toContain('Generating synthetic data');
    expect(progress.text()).toContain('generating · 5,000 rows');
    expect(progress.find('[data-testid="import-cancel"]').exists()).toBe(true);
    expect(datasets.importJobId).toBe('job-1');

    fake.cancel();
    await flushPromises();
    expect(datasets.importState).toBe('cancelled');
    expect(datasets.error).toBeNull();
    expect(datasets.summary).toBeNull();
  });
});
