// @vitest-environment happy-dom
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultAlarmRules } from '../../shared/domain/results';
import type { LensBridge } from '../../shared/ipc';
import { setBridge } from '../services/client';
import { useResultsStore } from '../services/results';
import ExplainView from './ExplainView.vue';
import { metrics, runResult } from './test-run';

// ECharts needs a real canvas; the view's own logic is what is tested here.
vi.mock('../components/EChart.vue', () => ({
  default: { name: 'EChart', props: ['option', 'height', 'dragLine'], emits: ['resize', 'zoom', 'click', 'plotClick'], render: () => null },
}));

const events = [
  { index: 0, start: 2, end: 2, peakRow: 2, peakScore: 0.9 },
  { index: 1, start: 4, end: 4, peakRow: 4, peakScore: 0.8 },
];
const run = runResult({ threshold: { rule: { kind: 'manual', value: 0.5 }, value: 0.5, alarms: defaultAlarmRules, events, metrics: metrics(0.7, 0.7) } });
// a breaks most in raw error; b, of a small scale, most against its typical error
const contributions = [
  { signal: 'a', share: 0.7, peakError: 7, meanError: 7, normalisedError: 1.5, meanBefore: 1, meanDuring: 4 },
  { signal: 'b', share: 0.3, peakError: 3, meanError: 3, normalisedError: 9, meanBefore: 0.1, meanDuring: 0.2 },
];

/** Answers each channel from its request: one bucket per row, signals in the order asked. */
function fakeBridge() {
  const calls: Array<{ channel: string; request: any }> = [];
  const answer = (channel: string, request: any): unknown => {
    if (channel === 'results:get') return run;
    if (channel === 'results:explainEvent') return { event: events[request.eventIndex], contributions };
    if (channel === 'results:heatmap') {
      const rows = request.rowEnd - request.rowStart;
      const signals = request.normalised ? ['b', 'a'] : ['a', 'b'];
      return { rowStart: request.rowStart, rowEnd: request.rowEnd, bucketSize: 1, signals, values: new Float32Array(rows * 2), maxValue: 0 };
    }
    if (channel === 'results:signals') {
      const rows = request.rowEnd - request.rowStart;
      const signals = request.signals.map((signal: string) => ({ signal, min: new Float32Array(rows), max: new Float32Array(rows).fill(1) }));
      return { rowStart: request.rowStart, rowEnd: request.rowEnd, bucketSize: 1, signals };
    }
    return null;
  };
  const bridge: LensBridge = {
    async invoke(channel, request) {
      calls.push({ channel, request });
      const value = answer(channel, request);
      return (value === null ? { ok: false, error: { code: 'NOT_SUPPORTED', message: channel } } : { ok: true, value }) as never;
    },
    subscribe: () => () => undefined,
  };
  return { bridge, calls };
}

const chartIn = (wrapper: VueWrapper, testId: string) => wrapper.find(`[data-testid="${testId}"]`).findComponent({ name: 'EChart' });
const optionIn = (wrapper: VueWrapper, testId: string) => chartIn(wrapper, testId).props('option') as any;

describe('ExplainView', () => {
  let calls: ReturnType<typeof fakeBridge>['calls'];
  let wrapper: VueWrapper;
  const last = (channel: string) => calls.filter((call) => call.channel === channel).at(-1)?.request;

  beforeEach(async () => {
    setActivePinia(createPinia());
    const fake = fakeBridge();
    calls = fake.calls;
    setBridge(fake.bridge);
    await useResultsStore().load('run-1');
    wrapper = mount(ExplainView);
    // the heatmap asks for one bucket per pixel of its plot once it knows its width
    chartIn(wrapper, 'heatmap').vm.$emit('resize', { width: 544, height: 360 });
    await flushPromises();
  });
  afterEach(() => setBridge(null));

  it('asks for the whole file, raw, one bucket per pixel; no signal is plotted before one is chosen', () => {
    expect(last('results:heatmap')).toEqual({ runId: 'run-1', rowStart: 0, rowEnd: 6, width: 400, sortByError: true, normalised: false });
    expect(wrapper.find('[data-testid="heatmap"]').attributes('data-loaded')).toBe('yes');
    expect(wrapper.find('[data-testid="signal-plots-empty"]').exists()).toBe(true);
    expect(last('results:signals')).toBeUndefined();
  });

  it('plots the top culprits of a selected event over the heatmap’s rows, the event shaded', async () => {
    await wrapper.find('[data-testid="event-1"]').trigger('click');
    await flushPromises();
    // the event at row 4 with context around it, cut at the ends of the file
    expect(last('results:heatmap')).toMatchObject({ rowStart: 0, rowEnd: 6 });
    expect(last('results:signals')).toEqual({ runId: 'run-1', signals: ['a', 'b'], rowStart: 0, rowEnd: 6, width: 6 });
    expect(wrapper.find('[data-testid="signal-plots"]').attributes('data-signals')).toBe('a,b');
    const plots = optionIn(wrapper, 'signal-plots');
    expect(plots.xAxis[0]).toMatchObject({ min: 0, max: 6 });
    expect(plots.series[0].markArea.data[0].map((edge: any) => edge.xAxis)).toEqual([4, 5]);
    expect(wrapper.findAll('[data-testid="culprit-row"]').map((row) => row.find('td').text())).toEqual(['a', 'b']);
    expect(optionIn(wrapper, 'culprits').yAxis.data).toEqual(['a', 'b']);
  });

  it('switches the heatmap and the culprit bars to errors normalised by the typical training error', async () => {
    await wrapper.find('[data-testid="event-0"]').trigger('click');
    await flushPromises();
    await wrapper.find('[data-testid="normalised"]').setValue(true);
    await flushPromises();
    expect(last('results:heatmap')).toMatchObject({ normalised: true, sortByError: true });
    expect(optionIn(wrapper, 'heatmap').yAxis.data).toEqual(['b', 'a']);
    expect(wrapper.find('[data-testid="heatmap"]').attributes('data-normalised')).toBe('yes');
    const bars = optionIn(wrapper, 'culprits');
    expect(bars.yAxis.data).toEqual(['b', 'a']);
    expect(bars.series[0].data).toEqual([9, 1.5]);
    expect(wrapper.find('[data-testid="culprits"]').attributes('data-measure')).toBe('normalised');
    // the plotted culprits follow the measure too
    expect(last('results:signals').signals).toEqual(['b', 'a']);
  });

  it('pins a signal clicked in the heatmap or the culprit bars, and keeps it plotted first', async () => {
    chartIn(wrapper, 'heatmap').vm.$emit('click', { componentType: 'yAxis', value: 'b', dataIndex: 0 });
    await flushPromises();
    expect(last('results:signals').signals).toEqual(['b']);
    expect(optionIn(wrapper, 'heatmap').yAxis.data[1]).toMatchObject({ value: 'b', textStyle: { fontWeight: 'bold' } });
    await wrapper.find('[data-testid="event-0"]').trigger('click');
    await flushPromises();
    expect(last('results:signals').signals).toEqual(['b', 'a']);
    // a bar click toggles: b is unpinned but stays plotted as a culprit; a is pinned
    chartIn(wrapper, 'culprits').vm.$emit('click', { componentType: 'series', name: 'b', dataIndex: 1 });
    chartIn(wrapper, 'culprits').vm.$emit('click', { componentType: 'series', name: 'a', dataIndex: 0 });
    await flushPromises();
    expect(last('results:signals').signals).toEqual(['a', 'b']);
    await wrapper.find('[data-testid="pin-a"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="signal-plots"]').text()).not.toContain('×');
  });

  it('zooms the heatmap and the raw plots together, from a zoom on either', async () => {
    await wrapper.find('[data-testid="event-0"]').trigger('click');
    await flushPromises();
    chartIn(wrapper, 'signal-plots').vm.$emit('zoom', { start: 50, end: 100 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await flushPromises();
    expect(last('results:heatmap')).toMatchObject({ rowStart: 3, rowEnd: 6 });
    expect(last('results:signals')).toMatchObject({ rowStart: 3, rowEnd: 6, width: 3 });
    expect(wrapper.find('[data-testid="heatmap-reset"]').attributes('disabled')).toBeUndefined();
    await wrapper.find('[data-testid="pan-earlier"]').trigger('click');
    await flushPromises();
    expect(last('results:heatmap')).toMatchObject({ rowStart: 1, rowEnd: 4 });
  });
});
