// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LensBridge } from '../../shared/ipc';
import type { RunResult } from '../../shared/ipc/results';
import { reportSectionIds } from '../../shared/ipc/reports';
import { setBridge } from '../services/client';
import { useResultsStore } from '../services/results';
import ReportView from './ReportView.vue';

/** Answers the report channels with what it was asked, so the test sees the requests. */
function fakeHost() {
  const asked: Array<{ channel: string; request: any }> = [];
  const bridge: LensBridge = {
    async invoke(channel, request) {
      asked.push({ channel, request });
      const sections = (request as { sections?: string[] }).sections ?? [];
      const html = sections.map((id) => `<section id="${id}"></section>`).join('');
      if (channel === 'reports:preview') return { ok: true, value: { html, charts: 0 } } as never;
      if (channel === 'reports:export') return { ok: true, value: { path: '/ws/reports/r.html', bytes: 10, charts: 0 } } as never;
      if (channel === 'reports:exportPdf') return { ok: false, error: { code: 'NOT_SUPPORTED', message: 'PDF export needs Chromium' } } as never;
      if (channel === 'reports:exportData') return { ok: true, value: { path: '/ws/reports/r-scores.parquet', bytes: 99, rows: 12 } } as never;
      return { ok: false, error: { code: 'NOT_SUPPORTED', message: channel } } as never;
    },
    subscribe: () => () => undefined,
  };
  return { bridge, asked };
}

let host: ReturnType<typeof fakeHost>;

async function mountWithRun() {
  useResultsStore().run = { runId: 'r1', featureErrors: true, threshold: { value: 1 } } as unknown as RunResult;
  const view = mount(ReportView);
  await flushPromises();
  return view;
}

beforeEach(() => {
  setActivePinia(createPinia());
  host = fakeHost();
  setBridge(host.bridge);
});
afterEach(() => setBridge(null));

describe('ReportView', () => {
  it('says what to do without a run', () => {
    expect(mount(ReportView).text()).toContain('Train a model first');
  });

  it('previews every section, and only the ticked ones after a toggle', async () => {
    const view = await mountWithRun();
    const srcdoc = () => view.get('[data-testid="report-preview"]').attributes('srcdoc');
    expect(srcdoc()).toBe(reportSectionIds.map((id) => `<section id="${id}"></section>`).join(''));
    expect(view.get('[data-testid="report-preview"]').attributes('sandbox')).toBe('');

    await view.get('[data-testid="section-profile"]').setValue(false);
    await view.get('[data-testid="section-roc-pr"]').setValue(false);
    await flushPromises();
    expect(srcdoc()).not.toContain('id="profile"');
    expect(srcdoc()).not.toContain('id="roc-pr"');
    // a section ticked again goes back to its place, not to the end
    await view.get('[data-testid="section-profile"]').setValue(true);
    await flushPromises();
    expect(host.asked.at(-1)!.request.sections).toEqual(reportSectionIds.filter((id) => id !== 'roc-pr'));
  });

  it('exports HTML and PDF with the ticked sections, and data in the chosen format', async () => {
    const view = await mountWithRun();
    await view.get('[data-testid="section-events"]').setValue(false);
    await view.get('[data-testid="export-report"]').trigger('click');
    await flushPromises();
    expect(host.asked.at(-1)).toEqual({ channel: 'reports:export', request: { runId: 'r1', sections: reportSectionIds.filter((id) => id !== 'events') } });
    expect(view.get('[data-testid="report-path"] code').text()).toBe('/ws/reports/r.html');

    await view.get('[data-testid="export-pdf"]').trigger('click');
    await flushPromises();
    expect(view.get('[role="alert"]').text()).toContain('PDF export needs Chromium');

    await view.get('[data-testid="data-format"]').setValue('parquet');
    await view.get('[data-testid="export-data"]').trigger('click');
    await flushPromises();
    expect(host.asked.at(-1)).toEqual({ channel: 'reports:exportData', request: { runId: 'r1', what: 'scores', format: 'parquet' } });
    expect(view.get('[data-testid="report-path"]').text()).toContain('scores (parquet, 12 rows)');
    expect(view.find('[role="alert"]').exists()).toBe(false);
  });
});
