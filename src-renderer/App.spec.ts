// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LensBridge } from '../shared/ipc';
import App from './App.vue';
import { setBridge } from './services/client';

vi.mock('./components/EChart.vue', () => ({ default: { name: 'EChart', props: ['option', 'height', 'dragLine'], render: () => null } }));

describe('App: drops on the window', () => {
  const calls: Array<{ channel: string; request: any }> = [];
  beforeEach(() => {
    setActivePinia(createPinia());
    calls.length = 0;
    const answers: Record<string, unknown> = {
      'app:info': { version: '0', mode: 'electron', platform: 'test', backend: null, sampleName: null },
      'app:classifyPath': { kind: 'project', path: '/work/pumps', message: null },
    };
    const bridge: LensBridge = {
      async invoke(channel, request) {
        calls.push({ channel, request });
        if (channel in answers) return { ok: true, value: answers[channel] } as never;
        return { ok: false, error: { code: 'NOT_SUPPORTED', message: channel } } as never;
      },
      subscribe: () => () => undefined,
      pathForFile: () => '/work/pumps',
    };
    setBridge(bridge);
  });
  afterEach(() => setBridge(null));

  it('opens a folder dropped outside the Data view as a project, and leaves text drops to the page', async () => {
    const wrapper = mount(App);
    await flushPromises();
    const frame = wrapper.find('[data-testid="frame"]');
    await frame.trigger('drop', { dataTransfer: { types: ['text/plain'], files: [] } });
    await flushPromises();
    expect(calls.some((call) => call.channel === 'app:classifyPath')).toBe(false);
    await frame.trigger('drop', { dataTransfer: { types: ['Files'], files: [new File([], 'pumps')] } });
    await flushPromises();
    expect(calls.filter((call) => call.channel === 'app:classifyPath' || call.channel === 'projects:open')).toEqual([
      { channel: 'app:classifyPath', request: { path: '/work/pumps' } },
      { channel: 'projects:open', request: { dir: '/work/pumps' } },
    ]);
    wrapper.unmount();
  });
});
