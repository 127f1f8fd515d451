import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AppInfo, BackendInfo } from '../../shared/ipc/app';
import { describeError, invoke, subscribe } from './client';

export const steps = [
  { id: 'data', label: 'Data' },
  { id: 'model', label: 'Model' },
  { id: 'train', label: 'Train' },
  { id: 'results', label: 'Results' },
  { id: 'explain', label: 'Explain' },
  { id: 'compare', label: 'Compare' },
  { id: 'report', label: 'Report' },
] as const;
export type StepId = (typeof steps)[number]['id'];
export type Theme = 'light' | 'dark';

const themeStorageKey = 'lens_theme';

/** App-wide state: host info, the tfjs backend, the current step, the theme. */
export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const backend = ref<BackendInfo | null>(null);
  const step = ref<StepId>('data');
  const notice = ref<string | null>(null);
  const theme = ref<Theme>((localStorage.getItem(themeStorageKey) as Theme | null) ?? 'light');
  const isWeb = computed(() => info.value?.mode === 'web');

  let started = false;
  async function start(): Promise<void> {
    if (started) return;
    started = true;
    subscribe('app:backend', (payload) => (backend.value = payload));
    subscribe('app:computeCrashed', (payload) => {
      notice.value = `The compute process stopped: ${payload.message}${payload.restarted ? ' It was restarted; run the job again.' : ''}`;
    });
    try {
      info.value = await invoke('app:info', {});
      backend.value ??= info.value.backend;
    } catch (error) {
      notice.value = describeError(error).message;
    }
  }

  function go(target: StepId): void {
    step.value = target;
  }

  function toggleTheme(): void {
    theme.value = theme.value === 'light' ? 'dark' : 'light';
    localStorage.setItem(themeStorageKey, theme.value);
  }

  return { info, backend, step, notice, theme, isWeb, start, go, toggleTheme };
});
