// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LensBridge } from '../../shared/ipc';
import { setBridge } from '../services/client';
import { useCompareStore } from '../services/compare';
import StatusBar from './StatusBar.vue';

describe('StatusBar', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });
  afterEach(() => {
    setBridge(null);
    vi.useRealTimers();
  });

  it('shows the memory of the app, of the training process once it reported, and of the machine, read every few seconds', async () => {
    const readings = [
      { hostBytes: 300 * 2 ** 20, computeBytes: null, freeBytes: 12 * 2 ** 30, totalBytes: 24 * 2 ** 30 },
      { hostBytes: 310 * 2 ** 20, computeBytes: 1.5 * 2 ** 30, freeBytes: 10 * 2 ** 30, totalBytes: 24 * 2 ** 30 },
    ];
    let asked = 0;
    const bridge: LensBridge = {
      async invoke(channel) {
        if (channel === 'app:memory') return { ok: true, value: readings[Math.min(asked++, 1)] } as never;
        return { ok: false, error: { code: 'NOT_SUPPORTED', message: channel } } as never;
      },
      subscribe: () => () => undefined,
    };
    setBridge(bridge);
    const wrapper = mount(StatusBar);
    await flushPromises();
    expect(wrapper.find('[data-testid="status-memory"]').text()).toBe('memory: app 300 MB · 12 GB free of 24 GB');
    await vi.advanceTimersByTimeAsync(3000);
    expect(wrapper.find('[data-testid="status-memory"]').text()).toBe('memory: app 310 MB + training 1.5 GB · 10 GB free of 24 GB');
    wrapper.unmount();
    await vi.advanceTimersByTimeAsync(9000);
    expect(asked).toBe(2);
  });

  it('shows a running sweep as the job, with its own cancel', async () => {
    const cancelled: string[] = [];
    const bridge: LensBridge = {
      async invoke(channel, request) {
        if (channel === 'sweep:cancel') {
          cancelled.push((request as { sweepId: string }).sweepId);
          return { ok: true, value: { cancelled: true } } as never;
        }
        return { ok: false, error: { code: 'NOT_SUPPORTED', message: channel } } as never;
      },
      subscribe: () => () => undefined,
    };
    setBridge(bridge);
    const compare = useCompareStore();
    compare.sweepState = 'running';
    compare.sweepId = 'sw-1';
    compare.sweep = { sweepId: 'sw-1', state: 'running', done: 1, total: 4, current: { index: 1, settings: [], fraction: 0.5 }, finishedRunId: null, failures: [], elapsedMs: 4000, etaMs: 12_000 };
    const wrapper = mount(StatusBar);
    await flushPromises();
    expect(wrapper.find('[data-testid="status-job"]').text()).toBe('job: sweep 1 of 4 runs done, run 2 at 50% · ETA 12s');
    await wrapper.find('[data-testid="status-cancel-sweep"]').trigger('click');
    await flushPromises();
    expect(cancelled).toEqual(['sw-1']);
  });
});
