import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { BackendChoice, BackendSettings } from '../../shared/ipc/settings';
import { useAppStore } from './app';
import { describeError, invoke } from './client';

/**
 * The settings dialog's state: which backends load here (probed by the host, a second or two the
 * first time), the one chosen, and applying a new one (the compute process restarts with it).
 */
export const useSettingsStore = defineStore('settings', () => {
  const app = useAppStore();
  const open = ref(false);
  const settings = ref<BackendSettings | null>(null);
  const selected = ref<BackendChoice | null>(null);
  const loading = ref(false);
  const applying = ref(false);
  const error = ref<string | null>(null);

  async function load(refresh = false): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      settings.value = await invoke('settings:backends', refresh ? { refresh: true } : {});
      selected.value = settings.value.chosen;
    } catch (caught) {
      error.value = describeError(caught).message;
    } finally {
      loading.value = false;
    }
  }

  function show(): void {
    open.value = true;
    void load();
  }

  function close(): void {
    // a restart runs on in the host; the status bar shows its backend when it is done
    open.value = false;
  }

  async function apply(): Promise<void> {
    if (!selected.value || applying.value) return;
    applying.value = true;
    error.value = null;
    try {
      settings.value = await invoke('settings:setBackend', { choice: selected.value });
      if (settings.value.active) app.backend = settings.value.active;
    } catch (caught) {
      const { code, message } = describeError(caught);
      error.value = code === 'BUSY' ? `Not now: ${message}` : message;
    } finally {
      applying.value = false;
    }
  }

  /** The choice did not load and the compute process fell back to a lower rung: say which and why. */
  const fallback = computed(() => {
    const current = settings.value;
    if (!current?.active || current.chosen === 'auto') return null;
    const inUse = current.backends.find((backend) => backend.inUse);
    return inUse && inUse.choice !== current.chosen ? { chosen: current.chosen, running: current.active.name, detail: current.active.detail } : null;
  });

  const canApply = computed(() => {
    const current = settings.value;
    if (!current || !selected.value || applying.value || loading.value) return false;
    return current.backends.some((backend) => backend.choice === selected.value && backend.available);
  });

  return { open, settings, selected, loading, applying, error, fallback, canApply, load, show, close, apply };
});
