// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { LensBridge } from '../../shared/ipc';
import type { RowPage } from '../../shared/ipc/datasets';
import { setBridge } from '../services/client';
import RowTable from './RowTable.vue';

/** A dataset of `rows` rows whose value in column c of row r is r + c / 10, times one minute apart. */
function fakeDataset(rows: number) {
  const asked: Array<{ offset: number; limit: number }> = [];
  const bridge: LensBridge = {
    async invoke(channel, request) {
      if (channel !== 'datasets:rows') return { ok: false, error: { code: 'NOT_SUPPORTED', message: channel } } as never;
      const { offset, limit } = request as { offset: number; limit: number };
      asked.push({ offset, limit });
      const count = Math.max(0, Math.min(rows, offset + limit) - offset);
      const page: RowPage = {
        offset,
        count,
        timeColumn: 'time',
        timeKind: 'timestamp',
        times: Float64Array.from({ length: count }, (_, i) => Date.UTC(2026, 0, 1) + (offset + i) * 60_000),
        columns: ['flow', 'pressure'],
        values: Float32Array.from({ length: count * 2 }, (_, j) => offset + Math.floor(j / 2) + (j % 2) / 10),
      };
      return { ok: true, value: page } as never;
    },
    subscribe: () => () => undefined,
  };
  return { bridge, asked };
}

describe('RowTable', () => {
  afterEach(() => setBridge(null));

  it('draws only the rows in view, fetched a page at a time, wherever the user scrolls', async () => {
    const { bridge, asked } = fakeDataset(1_000_000);
    setBridge(bridge);
    const wrapper = mount(RowTable, { props: { datasetId: 'ds-1', rowCount: 1_000_000, ignored: ['pressure'], viewportPx: 220 } });
    await flushPromises();
    expect(asked).toEqual([{ offset: 0, limit: 200 }]);
    const rows = () => wrapper.findAll('tbody tr');
    expect(rows().length).toBeLessThan(30);
    expect(rows()[0]!.text()).toContain('2026-01-01 00:00:00');
    expect(wrapper.find('thead').text()).toContain('flow');
    expect(wrapper.find('th.ignored').text()).toBe('pressure');

    const viewport = wrapper.find('[data-testid="row-table-viewport"]');
    (viewport.element as HTMLElement).scrollTop = 22 * 654_321;
    await viewport.trigger('scroll');
    await flushPromises();
    expect(asked.at(-1)).toEqual({ offset: 654_200, limit: 200 });
    const row = wrapper.find('tbody tr[data-row="654321"]');
    expect(row.text()).toContain('654,322');
    expect(row.text()).toContain('654321.1');
    expect(rows().length).toBeLessThan(30);
  });

  it('stops at the last row', async () => {
    const { bridge } = fakeDataset(30);
    setBridge(bridge);
    const wrapper = mount(RowTable, { props: { datasetId: 'ds-1', rowCount: 30, viewportPx: 220 } });
    const viewport = wrapper.find('[data-testid="row-table-viewport"]');
    (viewport.element as HTMLElement).scrollTop = 22 * 25;
    await viewport.trigger('scroll');
    await flushPromises();
    expect(wrapper.findAll('tbody tr').at(-1)!.attributes('data-row')).toBe('29');
  });
});
