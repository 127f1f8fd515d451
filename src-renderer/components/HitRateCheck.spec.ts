// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { LensBridge } from '../../shared/ipc';
import { setBridge } from '../services/client';
import HitRateCheck from './HitRateCheck.vue';

describe('HitRateCheck', () => {
  afterEach(() => setBridge(null));

  it('checks the run against the truth file, prefilled from a generated dataset, and shows the error of a bad one', async () => {
    const asked: unknown[] = [];
    const bridge: LensBridge = {
      async invoke(channel, request) {
        asked.push(request);
        if ((request as { truthPath: string }).truthPath === '/bad.json') {
          return { ok: false, error: { code: 'BAD_REQUEST', message: '/bad.json: interpretation labels: expected a list' } } as never;
        }
        return { ok: true, value: { rows: 1234, hitRate100: 0.81, hitRate150: 1, rowHitRate100: 0.5, rowHitRate150: 0.7 } } as never;
      },
      subscribe: () => () => undefined,
    };
    setBridge(bridge);
    const wrapper = mount(HitRateCheck, { props: { runId: 'run-1', truthPath: '/ws/synthetic/a.csv.truth.json' } });
    expect((wrapper.find('[data-testid="hit-rate-path"]').element as HTMLInputElement).value).toBe('/ws/synthetic/a.csv.truth.json');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(asked).toEqual([{ runId: 'run-1', truthPath: '/ws/synthetic/a.csv.truth.json' }]);
    expect(wrapper.find('[data-testid="hit-rate-result"]').text()).toMatch(/81% \(top \|T\|\), 100% \(top 1.5 \|T\|\) over\s+1,234 labelled rows/);
    await wrapper.find('[data-testid="hit-rate-path"]').setValue('/bad.json');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[role="alert"]').text()).toContain('expected a list');
    expect(wrapper.find('[data-testid="hit-rate-result"]').exists()).toBe(false);
  });
});
