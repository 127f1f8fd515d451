// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultAlarmRules } from '../../shared/domain/results';
import type { LensBridge } from '../../shared/ipc';
import type { RocPr, RunResult, ThresholdCurve } from '../../shared/ipc/results';
import ThresholdCurveCard from '../components/ThresholdCurve.vue';
import { setBridge } from '../services/client';
import { useResultsStore } from '../services/results';
import ResultsView from './ResultsView.vue';
import { metrics, runResult } from './test-run';

// ECharts needs a real canvas; the view's own logic is what is tested here.
vi.mock('../components/EChart.vue', () => ({
  default: { name: 'EChart', props: ['option', 'height', 'dragLine'], emits: ['plotClick', 'lineDrag', 'lineDrop'], render: () => null },
}));

const curve: ThresholdCurve = {
  rows: 'validation', candidates: 4,
  thresholds: Float64Array.from([0.9, 0.5, 0.2, -0.9]),
  precision: Float32Array.from([0, 1, 0.5, 0.3]), recall: Float32Array.from([0, 0.5, 1, 1]), f1: Float32Array.from([0, 0.67, 0.67, 0.46]),
  cost: null, bestF1: 1, bestCost: null,
};

const rocPr: RocPr = {
  roc: { fpr: Float64Array.from([0, 0, 0.5, 1]), tpr: Float64Array.from([0, 0.5, 1, 1]) },
  pr: { recall: Float64Array.from([1, 0.5, 0]), precision: Float64Array.from([0.5, 1, 1]) },
  positiveRate: 0.3,
};

function fakeBridge(run: RunResult) {
  const calls: Array<{ channel: string; request: any }> = [];
  const bridge: LensBridge = {
    async invoke(channel, request) {
      calls.push({ channel, request });
      if (channel === 'results:get') return { ok: true, value: run } as never;
      if (channel === 'results:thresholdCurve') return { ok: true, value: curve } as never;
      if (channel === 'results:rocPr') return { ok: true, value: rocPr } as never;
      if (channel === 'results:setThreshold') {
        const rule = (request as { rule: any }).rule;
        return { ok: true, value: { ...run.threshold, rule, value: rule.kind === 'manual' ? rule.value : 0.4 } } as never;
      }
      return { ok: false, error: { code: 'NOT_SUPPORTED', message: channel } } as never;
    },
    subscribe: () => () => undefined,
  };
  return { bridge, calls };
}

async function mountWith(run: RunResult) {
  const fake = fakeBridge(run);
  setBridge(fake.bridge);
  await useResultsStore().load(run.runId);
  const wrapper = mount(ResultsView);
  await flushPromises();
  return { wrapper, calls: fake.calls };
}

describe('ResultsView', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => setBridge(null));

  it('shows the reconstruction R2 beside the label metrics, and no point-adjust warning when it is close to F1', async () => {
    const { wrapper } = await mountWith(runResult());
    expect(wrapper.find('[data-testid="metric-r2"]').text()).toContain('0.873');
    expect(wrapper.find('[data-testid="metric-pointAdjustedF1"]').text()).toContain('flatters');
    expect(wrapper.find('[data-testid="point-adjust-warning"]').exists()).toBe(false);
  });

  it('warns when point-adjusted F1 is more than 0.2 above the point-wise F1', async () => {
    const run = runResult();
    run.threshold.metrics = metrics(0.02, 0.89);
    const { wrapper } = await mountWith(run);
    expect(wrapper.find('[data-testid="point-adjust-warning"]').text()).toContain('0.89');
  });

  it('shows R2 without labels, and no curve', async () => {
    const { wrapper, calls } = await mountWith(runResult({ labels: null, threshold: { rule: { kind: 'percentile', p: 99 }, value: 0.85, alarms: defaultAlarmRules, events: [], metrics: null } }));
    expect(wrapper.find('[data-testid="metric-r2"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="metric-f1"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="no-metrics"]').exists()).toBe(true);
    expect(calls.some((call) => call.channel === 'results:thresholdCurve')).toBe(false);
    expect(wrapper.find('[data-testid="threshold-curve"]').exists()).toBe(false);
  });

  it('draws the threshold curve and sets a manual threshold at the candidate nearest a click', async () => {
    const { wrapper, calls } = await mountWith(runResult());
    expect(calls.find((call) => call.channel === 'results:thresholdCurve')!.request).toEqual({ runId: 'run-1', cost: undefined });
    const card = wrapper.findComponent(ThresholdCurveCard);
    expect(card.attributes('data-points')).toBe('4');
    expect((card.findComponent({ name: 'EChart' }).props('option') as any).series[0].markLine.data[0].xAxis).toBe(0.85);
    card.findComponent({ name: 'EChart' }).vm.$emit('plotClick', { x: 0.45, y: 0.3 });
    await flushPromises();
    expect(calls.at(-1)).toEqual({ channel: 'results:setThreshold', request: { runId: 'run-1', rule: { kind: 'manual', value: 0.5 } } });
    expect(wrapper.find('[data-testid="threshold-value"]').text()).toContain('0.5');
    // a manual threshold does not change the curve: it is not asked for again
    expect(calls.filter((call) => call.channel === 'results:thresholdCurve')).toHaveLength(1);
  });

  it('sends the alarm post-rules with the rule, and refuses N above W', async () => {
    const { wrapper, calls } = await mountWith(runResult());
    await wrapper.find('[data-testid="alarm-merge-gap"]').setValue('5');
    await wrapper.find('[data-testid="alarm-min-alarms"]').setValue('3');
    await wrapper.find('[data-testid="alarm-window"]').setValue('2');
    expect(wrapper.find('[data-testid="threshold-apply"]').attributes('disabled')).toBeDefined();
    expect(wrapper.find('[data-testid="threshold-form"]').text()).toContain('cannot be more than');
    await wrapper.find('[data-testid="alarm-window"]').setValue('10');
    await wrapper.find('[data-testid="threshold-form"]').trigger('submit');
    await flushPromises();
    expect(calls.find((call) => call.channel === 'results:setThreshold')).toEqual({
      channel: 'results:setThreshold',
      request: { runId: 'run-1', rule: { kind: 'percentile', p: 99 }, alarms: { mergeGap: 5, minAlarms: 3, window: 10 } },
    });
  });

  it('asks for the curve with the cost model when the cost rule is in force', async () => {
    const costRule = { kind: 'cost' as const, cAlarm: 1, cMissed: 10, tolerance: 5 };
    const { calls } = await mountWith(runResult({ threshold: { rule: costRule, value: 0.4, alarms: defaultAlarmRules, events: [], metrics: metrics(0.7, 0.7) } }));
    expect(calls.find((call) => call.channel === 'results:thresholdCurve')!.request).toEqual({ runId: 'run-1', cost: { cAlarm: 1, cMissed: 10, tolerance: 5 } });
  });

  it('sets a manual threshold where the line is dropped, saying where while it moves', async () => {
    const { wrapper, calls } = await mountWith(runResult());
    const chart = () => wrapper.find('[data-testid="anomaly-chart"]').findComponent({ name: 'EChart' });
    expect(chart().props('dragLine')).toMatchObject({ value: 0.85 });
    chart().vm.$emit('lineDrag', 0.61234);
    await flushPromises();
    expect(wrapper.find('[data-testid="drag-hint"]').text()).toContain('Release to set the threshold at 0.6123');
    chart().vm.$emit('lineDrop', 0.612345);
    await flushPromises();
    expect(calls.at(-1)).toEqual({ channel: 'results:setThreshold', request: { runId: 'run-1', rule: { kind: 'manual', value: 0.6123 } } });
    expect(wrapper.find('[data-testid="threshold-value"]').text()).toContain('0.6123');
    expect(wrapper.find('[data-testid="threshold-kind"]').element).toHaveProperty('value', 'manual');
    expect(chart().props('dragLine')).toMatchObject({ value: 0.6123 });
    expect(wrapper.find('[data-testid="drag-hint"]').text()).toContain('Drag the dashed line');
  });

  it('shows the confusion matrix, and ROC and PR curves with the threshold in force on them', async () => {
    const { wrapper, calls } = await mountWith(runResult());
    expect(wrapper.find('[data-testid="confusion-matrix"]').exists()).toBe(true);
    expect(calls.find((call) => call.channel === 'results:rocPr')!.request).toEqual({ runId: 'run-1' });
    const roc = wrapper.find('[data-testid="roc-curve"]').findComponent({ name: 'EChart' }).props('option') as any;
    expect(roc.series[0].name).toBe('ROC (area 0.900)');
    // 3 of 5 anomaly rows found, 1 of 11 normal rows alarmed
    expect(roc.series[2].data).toEqual([[1 / 11, 3 / 5]]);
    const pr = wrapper.find('[data-testid="pr-curve"]').findComponent({ name: 'EChart' }).props('option') as any;
    expect(pr.series[0].name).toBe('precision-recall (area 0.700)');
    expect(pr.series[2].data).toEqual([[3 / 5, 3 / 4]]);
    expect(pr.series[1].data).toEqual([[0, 0.3], [1, 0.3]]);
  });

  it('asks for no ROC curve where the test rows hold one class only', async () => {
    const run = runResult();
    run.threshold.metrics = { ...metrics(0.7, 0.75), rocAuc: null, prAuc: null };
    const { wrapper, calls } = await mountWith(run);
    expect(calls.some((call) => call.channel === 'results:rocPr')).toBe(false);
    expect(wrapper.find('[data-testid="roc-pr"]').exists()).toBe(false);
  });

  it('draws a family extra score beside the anomaly score when chosen', async () => {
    const { wrapper } = await mountWith(runResult());
    const chart = () => wrapper.find('[data-testid="anomaly-chart"]').findComponent({ name: 'EChart' }).props('option') as any;
    expect(chart().series.map((s: any) => s.name)).not.toContain('negative ELBO');
    await wrapper.find('[data-testid="extra-score"]').setValue('negative_elbo');
    expect(chart().series.map((s: any) => s.name)).toContain('negative ELBO');
  });
});
