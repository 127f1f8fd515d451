// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { presets } from '../../shared/domain/presets';
import type { LensBridge } from '../../shared/ipc';
import type { RunComparison, SweepProgress } from '../../shared/ipc/compare';
import { setBridge } from '../services/client';
import { useCompareStore } from '../services/compare';
import CompareView from './CompareView.vue';

// ECharts needs a real canvas; the view's own logic is what is tested here.
vi.mock('../components/EChart.vue', () => ({ default: { name: 'EChart', props: ['option', 'height'], render: () => null } }));

function comparison(runId: string, preset: string, learningRate: number, rocAuc: number): RunComparison {
  return {
    runId,
    datasetName: 'pumps.csv',
    createdAt: '2026-01-01T00:00:00.000Z',
    family: 'dense',
    preset,
    settings: [
      { key: 'learningRate', label: 'learning rate', value: learningRate },
      { key: 'batchSize', label: 'batch size', value: 32 },
    ],
    metrics: { rocAuc, prAuc: 0.5, f1: 0.4, bestF1: 0.6, eventF1: 0.7 },
    trainSeconds: 2,
    epochsRun: 2,
    history: { loss: Float64Array.from([1, 0.5]), valLoss: Float64Array.from([1.1, 0.6]) },
    threshold: 2,
    scores: { edges: Float64Array.from([0, 1, 2]), all: Float64Array.from([9, 1]), testNormal: null, testAnomaly: null },
  };
}

/** Answers compare:runs from a list the test fills, and lets the test push events. */
function fakeHost(known: RunComparison[]) {
  const listeners = new Map<string, (payload: unknown) => void>();
  const asked: Array<{ channel: string; request: any }> = [];
  const bridge: LensBridge = {
    async invoke(channel, request) {
      asked.push({ channel, request });
      if (channel === 'compare:runs') {
        const ids = (request as { runIds?: string[] }).runIds;
        return { ok: true, value: known.filter((run) => !ids || ids.includes(run.runId)) } as never;
      }
      if (channel === 'sweep:cancel') return { ok: true, value: { cancelled: true } } as never;
      if (channel === 'models:presets') return { ok: true, value: presets } as never;
      return { ok: false, error: { code: 'NOT_SUPPORTED', message: channel } } as never;
    },
    subscribe(event, listener) {
      listeners.set(event, listener as (payload: unknown) => void);
      return () => listeners.delete(event);
    },
  };
  return { bridge, asked, push: (event: string, payload: unknown) => listeners.get(event)!(payload) };
}

const progress = (over: Partial<SweepProgress>): SweepProgress => ({
  sweepId: 'sweep-1',
  state: 'running',
  done: 0,
  total: 4,
  current: null,
  finishedRunId: null,
  failures: [],
  elapsedMs: 0,
  etaMs: null,
  ...over,
});

describe('CompareView', () => {
  let known: RunComparison[];
  let host: ReturnType<typeof fakeHost>;
  beforeEach(() => {
    setActivePinia(createPinia());
    known = [comparison('r1', 'dense-relu', 0.001, 0.7), comparison('r2', 'seed-hpc', 0.01, 0.9)];
    host = fakeHost(known);
    setBridge(host.bridge);
  });
  afterEach(() => setBridge(null));

  const rowNumbers = (wrapper: ReturnType<typeof mount>) => wrapper.findAll('[data-testid="compare-number"]').map((cell) => cell.text());

  it('says what to do when there is no run yet', async () => {
    host = fakeHost([]);
    setBridge(host.bridge);
    const wrapper = mount(CompareView);
    await flushPromises();
    expect(wrapper.find('[data-testid="compare-empty"]').text()).toContain('Train a model');
    expect(wrapper.find('[data-testid="compare-table"]').exists()).toBe(false);
  });

  it('lists the runs with the settings they differ in, sorts by a header and overlays the checked runs', async () => {
    const wrapper = mount(CompareView);
    await flushPromises();
    expect(rowNumbers(wrapper)).toEqual(['#1', '#2']);
    expect(wrapper.find('[data-testid="sort-setting-learningRate"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="sort-setting-batchSize"]').exists()).toBe(false);
    await wrapper.find('[data-testid="sort-rocAuc"]').trigger('click');
    expect(rowNumbers(wrapper)).toEqual(['#2', '#1']);
    expect(wrapper.find('th[aria-sort="descending"]').text()).toContain('ROC-AUC');

    expect(wrapper.find('[data-testid="compare-hint"]').exists()).toBe(true);
    for (const box of wrapper.findAll('[data-testid="compare-check"]')) await box.setValue(true);
    expect(wrapper.find('[data-testid="compare-loss"]').attributes('data-runs')).toBe('2');
    const charts = wrapper.findAllComponents({ name: 'EChart' });
    const loss = charts[0]!.props('option') as { series: Array<{ name: string }> };
    // charts name the runs in training order whatever the table's order
    expect(loss.series.map((s) => s.name)).toEqual(['#1 dense-relu', '#1 dense-relu · validation', '#2 seed-hpc', '#2 seed-hpc · validation']);
  });

  it('shows the sweep progress with its ETA, adds each finished run and can cancel', async () => {
    const wrapper = mount(CompareView);
    await flushPromises();
    const compare = useCompareStore();
    compare.sweepState = 'starting';
    const settings = [{ field: 'learningRate' as const, value: 0.1 }, { field: 'batchSize' as const, value: 64 }];
    host.push('sweep:progress', progress({ current: { index: 0, settings, fraction: 0.5 }, elapsedMs: 2000, etaMs: 14_000 }));
    await flushPromises();
    expect(wrapper.find('[data-testid="sweep-status"]').text()).toBe('Run 1 of 4: learning rate 0.1, batch size 64');
    expect(wrapper.find('[data-testid="sweep-eta"]').text()).toContain('ETA 14s');

    known.push(comparison('r3', 'dense-relu', 0.1, 0.8));
    host.push('sweep:progress', progress({ done: 1, finishedRunId: 'r3', elapsedMs: 4000, etaMs: 12_000 }));
    await flushPromises();
    expect(host.asked.at(-1)).toEqual({ channel: 'compare:runs', request: { runIds: ['r3'] } });
    expect(rowNumbers(wrapper)).toEqual(['#1', '#2', '#3']);

    await wrapper.find('[data-testid="sweep-cancel"]').trigger('click');
    await flushPromises();
    expect(host.asked.at(-1)).toEqual({ channel: 'sweep:cancel', request: { sweepId: 'sweep-1' } });
    host.push('sweep:progress', progress({ state: 'cancelled', done: 1 }));
    await flushPromises();
    expect(wrapper.find('[data-testid="sweep-status"]').text()).toBe('Sweep cancelled after 1 of 4 runs.');
    expect(wrapper.find('[data-testid="sweep-cancel"]').exists()).toBe(false);
  });
});
