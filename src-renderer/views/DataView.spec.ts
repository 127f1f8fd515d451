// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LensBridge } from '../../shared/ipc';
import type { ColumnInfo, DatasetPreview, DatasetSummary } from '../../shared/ipc/datasets';
import { useAppStore } from '../services/app';
import { setBridge } from '../services/client';
import { usePrepStore } from '../services/prep';
import DataView from './DataView.vue';

vi.mock('../components/EChart.vue', () => ({ default: { name: 'EChart', props: ['option', 'height'], render: () => null } }));

const profile = (missing: number, constant = false) => ({ count: 10, missing, min: 0, max: 5, mean: 2, std: 1, distinct: 6, constant, histogram: [1, 3, 5, 1] });
const columns: ColumnInfo[] = [
  { name: 'time', type: 'timestamp', sqlType: 'TIMESTAMP', nulls: 0, suggestedRole: 'time', reason: 'timestamps in order', profile: null },
  { name: 'pressure', type: 'float', sqlType: 'DOUBLE', nulls: 2, suggestedRole: 'signal', reason: 'numbers', profile: profile(2) },
  { name: 'flat', type: 'float', sqlType: 'DOUBLE', nulls: 0, suggestedRole: 'signal', reason: 'numbers', profile: profile(0, true) },
  { name: 'site', type: 'text', sqlType: 'VARCHAR', nulls: 0, suggestedRole: 'ignore', reason: 'text: not a number, so it cannot be a signal', profile: null },
  { name: 'is_anomaly', type: 'integer', sqlType: 'BIGINT', nulls: 0, suggestedRole: 'label', reason: 'looks like a label: only 0 and 1', profile: profile(0) },
];
const dialect = { format: 'csv', delimiter: ';', quote: '"', header: true, encoding: 'latin-1', compression: 'gzip' } as const;
const preview: DatasetPreview = { path: '/data/pumps.csv.gz', name: 'pumps.csv.gz', bytes: 2_000_000, dialect, columns, preview: [['2024-01-01', 1.5, 3, 'a', 0]], rowEstimate: 5000, sampled: true };
const summary: DatasetSummary = { id: 'ds-9', name: 'pumps.csv.gz', path: preview.path, bytes: preview.bytes, rowCount: 100, columns, preview: preview.preview, dialect, importedAt: '2026-01-01T00:00:00Z', importSeconds: 1.2 };

function fakeBridge() {
  const listeners = new Map<string, (payload: unknown) => void>();
  const calls: Array<{ channel: string; request: any }> = [];
  const bridge: LensBridge = {
    async invoke(channel, request) {
      calls.push({ channel, request });
      const value: Record<string, unknown> = {
        'datasets:list': [{ id: 'ds-1', name: 'old.csv', path: '/old.csv', bytes: 10, rowCount: 3, importedAt: '2026-01-01T00:00:00Z' }],
        'datasets:inspect': preview,
        'datasets:import': { jobId: 'imp-1' },
        'datasets:cancelImport': { cancelled: true },
        'datasets:get': { ...summary, id: 'ds-1', name: 'old.csv' },
        'datasets:missing': { rows: 100, rowsWithMissing: 2, cellsMissing: 2, first: { row: 4, column: 'pressure' } },
        'datasets:overview': { column: 'pressure', rowCount: 100, bucketSize: 1, min: [1], max: [2], labels: [0] },
      };
      if (channel in value) return { ok: true, value: value[channel] } as never;
      return { ok: false, error: { code: 'NOT_SUPPORTED', message: channel } } as never;
    },
    subscribe(event, listener) {
      listeners.set(event, listener as (payload: unknown) => void);
      return () => listeners.delete(event);
    },
  };
  return { bridge, calls, push: (event: string, payload: unknown) => listeners.get(event)!(payload) };
}

describe('DataView', () => {
  let fake: ReturnType<typeof fakeBridge>;
  beforeEach(() => {
    setActivePinia(createPinia());
    fake = fakeBridge();
    setBridge(fake.bridge);
    useAppStore().info = { mode: 'web' } as never;
  });
  afterEach(() => setBridge(null));

  async function inspected() {
    const wrapper = mount(DataView);
    await wrapper.find('[data-testid="open-path"]').setValue(' /data/pumps.csv.gz ');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    return wrapper;
  }

  it('inspects a typed path and shows dialect, column cards with reasons, and the first rows', async () => {
    const wrapper = await inspected();
    expect(fake.calls.find((c) => c.channel === 'datasets:inspect')?.request).toEqual({ path: '/data/pumps.csv.gz' });
    expect(wrapper.find('[data-testid="dialect"]').text()).toBe('CSV · delimiter ";" · header row · latin-1 · gzip');
    expect(wrapper.find('[data-testid="dataset-summary"]').text()).toContain('about 5,000 rows');
    expect(wrapper.findAll('[data-testid="column-cards"] article')).toHaveLength(5);
    const pressure = wrapper.find('[data-testid="column-pressure"]');
    expect(pressure.find('[data-testid="column-missing"]').text()).toBe('2');
    expect(pressure.findAll('[data-testid="sparkline"] rect')).toHaveLength(4);
    expect(wrapper.find('[data-testid="column-flat"] [data-testid="column-constant"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="column-site"] [data-testid="column-reason"]').text()).toContain('not a number');
    expect(wrapper.find('[data-testid="role-is_anomaly"]').attributes('title')).toContain('looks like a label');
    expect(wrapper.find('[data-testid="preview-table"] tbody').text()).toContain('1.5000');
    // nothing to train on until the import is done
    expect(wrapper.find('[data-testid="to-model"]').attributes('disabled')).toBeDefined();
  });

  it('imports as a job: progress with ETA, then the dataset, the missing-value count and the split chart', async () => {
    const wrapper = await inspected();
    await wrapper.find('[data-testid="role-flat"]').setValue('ignore');
    await wrapper.find('[data-testid="import-button"]').trigger('click');
    await flushPromises();
    expect(fake.calls.find((c) => c.channel === 'datasets:import')?.request).toEqual({ path: '/data/pumps.csv.gz', name: 'pumps.csv.gz' });
    fake.push('datasets:importProgress', { jobId: 'imp-1', phase: 'parsing', bytesDone: 1_000_000, bytesTotal: 2_000_000, rowsDone: 2500, elapsedMs: 1000, etaMs: 1000 });
    await flushPromises();
    expect(wrapper.find('progress').attributes('value')).toBe('50');
    expect(wrapper.find('[data-testid="import-detail"]').text()).toMatch(/parsing · 977 KB of 1.9 MB · 2,500 rows\s*· ETA 1s/);
    fake.push('datasets:imported', { jobId: 'imp-1', dataset: summary });
    await flushPromises();
    expect(wrapper.find('[data-testid="import-done"]').exists()).toBe(true);
    // the role chosen before the import is kept
    expect((wrapper.find('[data-testid="role-flat"]').element as HTMLSelectElement).value).toBe('ignore');
    expect(fake.calls.find((c) => c.channel === 'datasets:missing')?.request).toEqual({ datasetId: 'ds-9', signals: ['pressure'] });
    expect(wrapper.find('[data-testid="missing-affected"]').text()).toContain('2 of 100 rows have gaps (2 cells): filled');
    expect(fake.calls.find((c) => c.channel === 'datasets:overview')?.request).toEqual({ datasetId: 'ds-9', column: 'pressure', label: 'is_anomaly', width: 600 });
    expect(wrapper.find('[data-testid="split-chart"]').attributes('data-bands')).toBe('train,validation,test');
    // a click on the chart at row 50 moves the nearer boundary (training end at 60) there
    wrapper.find('[data-testid="split-chart"]').findComponent({ name: 'EChart' }).vm.$emit('plotClick', { x: 50, y: 0 });
    await flushPromises();
    expect([usePrepStore().splitForm.train, usePrepStore().splitForm.validation]).toEqual(['0.5', '0.3']);
    await wrapper.find('[data-testid="split-kind"]').setValue('random');
    expect(wrapper.find('[data-testid="split-chart"]').attributes('data-bands')).toBe('');
    expect(wrapper.find('[data-testid="split-note"]').text()).toContain('no bands');
    await wrapper.find('[data-testid="missing-policy"]').setValue('drop-rows');
    expect(wrapper.find('[data-testid="missing-affected"]').text()).toContain('dropped');
    expect(usePrepStore().missing).toBe('drop-rows');
    expect(wrapper.find('[data-testid="to-model"]').attributes('disabled')).toBeUndefined();
  });

  it('cancels an import and shows a failed one with file, row and column', async () => {
    const wrapper = await inspected();
    await wrapper.find('[data-testid="import-button"]').trigger('click');
    await flushPromises();
    await wrapper.find('[data-testid="import-cancel"]').trigger('click');
    await flushPromises();
    expect(fake.calls.find((c) => c.channel === 'datasets:cancelImport')?.request).toEqual({ jobId: 'imp-1' });
    expect(wrapper.find('[data-testid="import-cancelled"]').exists()).toBe(true);

    await wrapper.find('[data-testid="import-button"]').trigger('click');
    await flushPromises();
    fake.push('datasets:importFailed', {
      jobId: 'imp-1',
      error: { code: 'IMPORT_FAILED', message: 'pumps.csv.gz: row 7 has 4 fields, expected 5.', details: { file: '/data/pumps.csv.gz', row: 7, column: 'is_anomaly' } },
    });
    await flushPromises();
    const error = wrapper.find('[data-testid="data-error"]');
    expect(error.text()).toContain('row 7 has 4 fields');
    expect(wrapper.find('[data-testid="data-error-details"]').text()).toMatch(/file\s*\/data\/pumps.csv.gz\s*row\s*7\s*column\s*is_anomaly/);
  });

  it('opens a dropped file by its path where the app knows it, and says what to do where it does not', async () => {
    const dropped = new File(['a,b\n1,2\n'], 'pumps.csv.gz');
    const drop = async (wrapper: ReturnType<typeof mount>) => {
      await wrapper.find('[data-testid="view-data"]').trigger('dragover');
      expect(wrapper.find('[data-testid="drop-hint"]').exists()).toBe(true);
      await wrapper.find('[data-testid="view-data"]').trigger('drop', { dataTransfer: { files: [dropped] } });
      await flushPromises();
    };
    // web mode: the browser never tells the page where the file lies
    const web = mount(DataView);
    await drop(web);
    expect(fake.calls.some((c) => c.channel === 'datasets:inspect')).toBe(false);
    expect(web.find('[data-testid="data-error"]').text()).toContain('pumps.csv.gz: a browser does not tell where');
    expect(web.find('[data-testid="drop-hint"]').exists()).toBe(false);
    // the desktop app's bridge knows the path
    setActivePinia(createPinia());
    setBridge({ ...fake.bridge, pathForFile: (file) => `/data/${(file as File).name}` });
    const desktop = mount(DataView);
    await drop(desktop);
    expect(fake.calls.find((c) => c.channel === 'datasets:inspect')?.request).toEqual({ path: '/data/pumps.csv.gz' });
  });

  it('lists earlier imports and reopens one', async () => {
    const wrapper = mount(DataView);
    await flushPromises();
    expect(wrapper.find('[data-testid="dataset-history"]').text()).toContain('old.csv');
    await wrapper.find('[data-testid="reopen-ds-1"]').trigger('click');
    await flushPromises();
    expect(fake.calls.find((c) => c.channel === 'datasets:get')?.request).toEqual({ datasetId: 'ds-1' });
    expect(wrapper.find('[data-testid="dataset-summary"]').text()).toContain('old.csv: 100 rows');
  });
});
