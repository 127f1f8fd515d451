// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import type { LensBridge } from '../../shared/ipc';
import type { BackendChoice, BackendSettings } from '../../shared/ipc/settings';
import { useAppStore } from '../services/app';
import { setBridge } from '../services/client';
import SettingsDialog from './SettingsDialog.vue';
import StatusBar from './StatusBar.vue';

const wasm = { name: 'wasm', detail: 'skipped: tfjs-node-gpu is not installed; tfjs-node is not installed', gpu: false };

function settingsWith(chosen: BackendChoice, running: 'wasm' | 'cpu', source: BackendSettings['source'] = 'default'): BackendSettings {
  const detail = chosen === 'tensorflow-gpu' ? 'tensorflow-gpu was chosen and did not load, fell back to wasm: tfjs-node-gpu is not installed' : 'as chosen';
  return {
    chosen,
    source,
    active: { name: running, detail, gpu: false },
    backends: [
      { choice: 'auto', label: 'Automatic (the best that loads)', available: true, reason: null, remedy: null, current: chosen === 'auto', inUse: false },
      {
        choice: 'tensorflow-gpu',
        label: 'TensorFlow on an NVIDIA GPU (tfjs-node-gpu)',
        available: false,
        reason: 'tfjs-node-gpu is not installed',
        remedy: 'npm install @tensorflow/tfjs-node-gpu (Linux x64 with an NVIDIA GPU, CUDA Toolkit 11.2 and cuDNN 8.1 …)',
        current: chosen === 'tensorflow-gpu',
        inUse: false,
      },
      { choice: 'tensorflow', label: 'TensorFlow on the CPU (tfjs-node)', available: false, reason: 'tfjs-node is not installed', remedy: 'npm install @tensorflow/tfjs-node', current: false, inUse: false },
      { choice: 'wasm', label: 'WebAssembly (always available)', available: true, reason: null, remedy: null, current: chosen === 'wasm', inUse: running === 'wasm' },
      { choice: 'cpu', label: 'Plain JavaScript (slowest)', available: true, reason: null, remedy: null, current: chosen === 'cpu', inUse: running === 'cpu' },
    ],
  };
}

/** A bridge whose settings:setBackend answers when the test says so (and settings:backends too, when asked to wait). */
function fakeBridge(initial: BackendSettings, options: { listWaits?: boolean } = {}) {
  const requests: Array<{ channel: string; request: unknown }> = [];
  let listed: () => void = () => undefined;
  const listAnswer = options.listWaits ? new Promise<void>((resolve) => (listed = resolve)) : Promise.resolve();
  let answer: (value: { ok: true; value: BackendSettings } | { ok: false; error: { code: string; message: string } }) => void = () => undefined;
  const bridge: LensBridge = {
    async invoke(channel, request) {
      requests.push({ channel, request });
      if (channel === 'settings:backends') return listAnswer.then(() => ({ ok: true, value: initial })) as never;
      if (channel === 'settings:setBackend') return new Promise((resolve) => (answer = resolve as typeof answer)) as never;
      return { ok: false, error: { code: 'NOT_SUPPORTED', message: channel } } as never;
    },
    subscribe: () => () => undefined,
  };
  return { bridge, requests, listed: () => listed(), answer: (value: Parameters<typeof answer>[0]) => answer(value) };
}

const Frame = defineComponent({ render: () => [h(StatusBar), h(SettingsDialog)] });

describe('SettingsDialog', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => setBridge(null));

  it('opens from the status bar backend badge and explains each unavailable backend and what to install', async () => {
    const fake = fakeBridge(settingsWith('auto', 'wasm'), { listWaits: true });
    setBridge(fake.bridge);
    useAppStore().backend = wasm;
    const wrapper = mount(Frame, { attachTo: document.body });
    expect(wrapper.find('[data-testid="settings-dialog"]').exists()).toBe(false);
    await wrapper.find('[data-testid="status-backend"]').trigger('click');
    expect(wrapper.find('[data-testid="settings-loading"]').text()).toBe('Checking which backends load on this machine…');
    fake.listed();
    await flushPromises();
    expect(wrapper.find('[data-testid="settings-loading"]').exists()).toBe(false);

    const gpu = wrapper.find('[data-testid="settings-backend-tensorflow-gpu"]');
    expect(gpu.text()).toContain('unavailable');
    expect(gpu.find('[data-testid="settings-reason"]').text()).toBe('tfjs-node-gpu is not installed');
    expect(gpu.find('[data-testid="settings-remedy"]').text()).toContain('To use it: npm install @tensorflow/tfjs-node-gpu (Linux x64 with an NVIDIA GPU, CUDA Toolkit 11.2');
    expect((gpu.find('input').element as HTMLInputElement).disabled).toBe(true);
    expect(wrapper.find('[data-testid="settings-backend-wasm"]').text()).toContain('in use');
    expect(wrapper.find('[data-testid="settings-backend-auto"]').text()).toContain('current choice');
    expect((wrapper.find('[data-testid="settings-backend-auto"] input').element as HTMLInputElement).checked).toBe(true);
    expect(wrapper.find('[data-testid="settings-backend-wasm"] [data-testid="settings-reason"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('applies a choice: shows the restart in progress, then the new backend in use', async () => {
    const fake = fakeBridge(settingsWith('auto', 'wasm'));
    setBridge(fake.bridge);
    const app = useAppStore();
    app.backend = wasm;
    const wrapper = mount(Frame, { attachTo: document.body });
    await wrapper.find('[data-testid="status-backend"]').trigger('click');
    await flushPromises();

    await wrapper.find('[data-testid="settings-backend-cpu"] input').setValue(true);
    await wrapper.find('[data-testid="settings-apply"]').trigger('click');
    expect(wrapper.find('[data-testid="settings-restarting"]').text()).toBe('Restarting the compute process with cpu…');
    expect((wrapper.find('fieldset').element as HTMLFieldSetElement).disabled).toBe(true);
    expect(fake.requests.at(-1)).toEqual({ channel: 'settings:setBackend', request: { choice: 'cpu' } });

    fake.answer({ ok: true, value: settingsWith('cpu', 'cpu', 'saved') });
    await flushPromises();
    expect(wrapper.find('[data-testid="settings-restarting"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="settings-backend-cpu"]').text()).toContain('in use');
    expect(wrapper.find('[data-testid="settings-backend-cpu"]').text()).toContain('current choice');
    expect(app.backend?.name).toBe('cpu');
    expect(wrapper.find('[data-testid="status-backend"]').text()).toBe('backend: cpu (CPU)');
    wrapper.unmount();
  });

  it('shows a refusal while a job runs, and keeps the dialog open', async () => {
    const fake = fakeBridge(settingsWith('auto', 'wasm'));
    setBridge(fake.bridge);
    const wrapper = mount(Frame, { attachTo: document.body });
    await wrapper.find('[data-testid="status-backend"]').trigger('click');
    await flushPromises();
    await wrapper.find('[data-testid="settings-backend-wasm"] input').setValue(true);
    await wrapper.find('[data-testid="settings-apply"]').trigger('click');
    fake.answer({ ok: false, error: { code: 'BUSY', message: 'a training job is already running: cancel it or wait for it to finish' } });
    await flushPromises();
    expect(wrapper.find('[data-testid="settings-error"]').text()).toBe('Not now: a training job is already running: cancel it or wait for it to finish');
    expect(wrapper.find('[data-testid="settings-dialog"]').exists()).toBe(true);
    wrapper.unmount();
  });

  it('says when the chosen backend fell back, and when a --backend flag chose it; Esc closes', async () => {
    const fake = fakeBridge(settingsWith('tensorflow-gpu', 'wasm', 'flag'));
    setBridge(fake.bridge);
    const wrapper = mount(Frame, { attachTo: document.body });
    await wrapper.find('[data-testid="status-backend"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="settings-fallback"]').text()).toBe(
      'tensorflow-gpu did not load, so the compute process runs wasm: tensorflow-gpu was chosen and did not load, fell back to wasm: tfjs-node-gpu is not installed',
    );
    expect(wrapper.find('[data-testid="settings-flag"]').text()).toContain('--backend tensorflow-gpu');
    await wrapper.find('[role="dialog"]').trigger('keydown', { key: 'Escape' });
    expect(wrapper.find('[data-testid="settings-dialog"]').exists()).toBe(false);
    wrapper.unmount();
  });
});
