// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { presets } from '../../shared/domain/presets';
import type { DenseConfig } from '../../shared/domain/model-config';
import type { LensBridge } from '../../shared/ipc';
import type { RunResult } from '../../shared/ipc/results';
import { useAppStore } from '../services/app';
import { setBridge } from '../services/client';
import { useResultsStore } from '../services/results';
import { useTrainingStore } from '../services/training';
import TrainView from './TrainView.vue';
import { runResult } from './test-run';

// ECharts needs a real canvas; the view's own logic is what is tested here.
vi.mock('../components/EChart.vue', () => ({ default: { name: 'EChart', props: ['option', 'height'], render: () => null } }));

/** The job's run: 4 epochs, early stopping restored epoch 2, trained on the GPU. */
const jobRun = runResult({
  runId: 'run-9', epochsRun: 4, bestEpoch: 2, stoppedEarly: true, trainSeconds: 4,
  history: { loss: [0.4, 0.2, 0.15, 0.12], valLoss: [0.44, 0.22, 0.25, 0.3] },
  backend: { name: 'tensorflow', detail: 'tfjs-node-gpu', gpu: true },
});
/** Another run, opened from elsewhere. */
const otherRun = runResult({ runId: 'run-3', history: { loss: [0.9, 0.5, 0.45], valLoss: [1, 0.6, 0.55] }, epochsRun: 3, bestEpoch: 3 });

/** A bridge whose events the test pushes by hand. */
function pushableBridge() {
  const listeners = new Map<string, (payload: unknown) => void>();
  const cancelled: string[] = [];
  const runs: Record<string, RunResult> = { 'run-9': jobRun, 'run-3': otherRun };
  const bridge: LensBridge = {
    async invoke(channel, request) {
      if (channel === 'results:get') return { ok: true, value: runs[(request as { runId: string }).runId] } as never;
      if (channel === 'training:start') return { ok: true, value: { jobId: 'job-7' } } as never;
      if (channel === 'training:cancel') {
        cancelled.push((request as { jobId: string }).jobId);
        return { ok: true, value: { cancelled: true } } as never;
      }
      return { ok: false, error: { code: 'NOT_SUPPORTED', message: channel } } as never;
    },
    subscribe(event, listener) {
      listeners.set(event, listener as (payload: unknown) => void);
      return () => listeners.delete(event);
    },
  };
  return { bridge, cancelled, push: (event: string, payload: unknown) => listeners.get(event)!(payload) };
}

const progress = (epoch: number, epochLoss: number | null) => ({
  jobId: 'job-7', phase: 'training', epoch, epochs: 4, batch: 10, batches: 10,
  loss: 0.5, epochLoss, valLoss: epochLoss == null ? null : epochLoss * 1.1, elapsedMs: epoch * 1000, etaMs: (4 - epoch) * 1000,
});

describe('TrainView', () => {
  let fake: ReturnType<typeof pushableBridge>;
  beforeEach(async () => {
    setActivePinia(createPinia());
    fake = pushableBridge();
    setBridge(fake.bridge);
    await useTrainingStore().start('ds', { time: null, label: null, signals: ['a'] }, presets[0].config as DenseConfig, { kind: 'chronological', train: 0.6, validation: 0.2, normalOnly: false }, 'forward-fill');
  });
  afterEach(() => setBridge(null));

  it('adds a loss point and a table row per finished epoch, with progress and ETA', async () => {
    const wrapper = mount(TrainView);
    fake.push('training:progress', progress(1, null));
    fake.push('training:progress', progress(1, 0.4));
    fake.push('training:progress', progress(2, 0.2));
    await flushPromises();
    expect(wrapper.find('[data-testid="loss-chart"]').attributes('data-points')).toBe('2');
    expect(wrapper.findAll('[data-testid="epoch-table"] tbody tr')).toHaveLength(2);
    expect(wrapper.find('[data-testid="train-eta"]').text()).toContain('ETA 2s');
  });

  it('shows how far scoring has come, with its ETA, after the epochs', async () => {
    const wrapper = mount(TrainView);
    fake.push('training:progress', progress(4, 0.1));
    fake.push('training:progress', { ...progress(0, null), phase: 'scoring', epochs: 0, batch: 12_000, batches: 48_000, loss: null, elapsedMs: 3000, etaMs: 9000 });
    await flushPromises();
    expect(wrapper.text()).toContain('Scoring rows: 12,000 of 48,000');
    expect(wrapper.find('[data-testid="train-progress"]').attributes('aria-valuenow')).toBe('25');
    expect(wrapper.find('[data-testid="train-eta"]').text()).toContain('ETA 9s');
  });

  it('cancels the running job', async () => {
    const wrapper = mount(TrainView);
    fake.push('training:progress', progress(1, null));
    await flushPromises();
    await wrapper.find('[data-testid="cancel-training"]').trigger('click');
    await flushPromises();
    expect(fake.cancelled).toEqual(['job-7']);
    expect(wrapper.find('[data-testid="train-cancelled"]').exists()).toBe(true);
  });

  it('shows the error message and its details when training fails', async () => {
    const wrapper = mount(TrainView);
    fake.push('training:failed', { jobId: 'job-7', error: { code: 'COMPUTE_CRASHED', message: 'The compute process ran out of memory.', details: { rows: 123 } } });
    await flushPromises();
    const error = wrapper.find('[data-testid="train-error"]');
    expect(error.text()).toContain('The compute process ran out of memory.');
    expect(error.text()).toContain('"rows": 123');
  });

  it('marks the restored best epoch on the chart and in the table, with each epoch\'s time and the backend', async () => {
    const wrapper = mount(TrainView);
    useAppStore().backend = { name: 'wasm', detail: 'no native build', gpu: false };
    fake.push('training:progress', progress(1, 0.4));
    await flushPromises();
    expect(wrapper.find('[data-testid="train-backend"]').text()).toBe('wasm · CPU');
    for (const epoch of [2, 3, 4]) fake.push('training:progress', { ...progress(epoch, [0, 0.4, 0.2, 0.15, 0.12][epoch]), elapsedMs: epoch * epoch * 1000 });
    fake.push('training:done', { jobId: 'job-7', runId: 'run-9' });
    await useResultsStore().load('run-9');
    await flushPromises();
    const chart = wrapper.find('[data-testid="loss-chart"]');
    expect(chart.attributes('data-best-epoch')).toBe('2');
    expect((chart.findComponent({ name: 'EChart' }).props('option') as any).series[0].markLine.data).toEqual([{ xAxis: 2 }]);
    const best = wrapper.find('[data-testid="best-epoch-row"]');
    expect(best.text()).toContain('best, restored');
    expect(best.findAll('td')[0]!.text()).toBe('2');
    // newest first; epoch 4 ended at 16 s, 7 s after epoch 3
    const cells = wrapper.findAll('[data-testid="epoch-table"] tbody tr')[0]!.findAll('td').map((td) => td.text());
    expect(cells.slice(0, 5)).toEqual(['4', '0.12', '0.132', '7s', '16s']);
    expect(wrapper.find('[data-testid="train-done"]').text()).toContain('stopped early; the best epoch (2) was restored');
    // the backend the run was trained on
    expect(wrapper.find('[data-testid="train-backend"]').text()).toBe('tensorflow · GPU');
    expect(wrapper.find('[data-testid="train-progress"]').exists()).toBe(false);
  });

  it('keeps a finished run browsable, another run opened later included', async () => {
    const wrapper = mount(TrainView);
    fake.push('training:progress', progress(1, 0.4));
    fake.push('training:done', { jobId: 'job-7', runId: 'run-9' });
    await useResultsStore().load('run-3');
    await flushPromises();
    expect(wrapper.find('[data-testid="loss-chart"]').attributes('data-points')).toBe('3');
    expect(wrapper.findAll('[data-testid="epoch-table"] tbody tr')[0]!.findAll('td').map((td) => td.text()).slice(0, 5)).toEqual(['3', '0.45', '0.55', '…', '…']);
    expect(wrapper.find('[data-testid="train-done"]').text()).toContain('on pumps.csv: 3 epochs');
    // the last epoch was the best: nothing was restored, so the chart marks nothing
    expect(wrapper.find('[data-testid="loss-chart"]').attributes('data-best-epoch')).toBe('');
    expect(wrapper.find('[data-testid="best-epoch-row"]').text()).toContain('best');
  });
});
