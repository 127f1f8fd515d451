import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ColumnRole, Roles } from '../../shared/domain/results';
import type { DatasetSummary } from '../../shared/ipc/datasets';
import { describeError, invoke } from './client';

/** Turns one role per column into the contract's Roles (one time column, one label column at most). */
export function rolesFromColumns(columns: string[], roleOf: Record<string, ColumnRole>): Roles {
  const pick = (role: ColumnRole) => columns.find((name) => roleOf[name] === role) ?? null;
  return { time: pick('time'), label: pick('label'), signals: columns.filter((name) => roleOf[name] === 'signal') };
}

/** The open dataset, its column roles and the open/pick actions. */
export const useDatasetStore = defineStore('datasets', () => {
  const summary = ref<DatasetSummary | null>(null);
  const roleOf = ref<Record<string, ColumnRole>>({});
  const loading = ref(false);
  const error = ref<{ message: string; details?: unknown } | null>(null);

  const columnNames = computed(() => summary.value?.columns.map((c) => c.name) ?? []);
  const roles = computed(() => rolesFromColumns(columnNames.value, roleOf.value));
  const rolesError = computed(() => (summary.value && roles.value.signals.length === 0 ? 'Choose at least one signal column.' : null));

  async function load(open: () => Promise<DatasetSummary>): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const opened = await open();
      summary.value = opened;
      roleOf.value = Object.fromEntries(opened.columns.map((c) => [c.name, c.suggestedRole]));
    } catch (caught) {
      error.value = describeError(caught);
    } finally {
      loading.value = false;
    }
  }

  const openSample = () => load(() => invoke('datasets:openSample', {}));
  const openPath = (path: string) => load(() => invoke('datasets:open', { path: path.trim() }));

  /** Electron only: the native dialog; returns false when the user cancelled. */
  async function pickAndOpen(): Promise<void> {
    try {
      const picked = await invoke('app:pickFile', {});
      if (picked.path) await openPath(picked.path);
    } catch (caught) {
      error.value = describeError(caught);
    }
  }

  /** Time and label are single columns: choosing one for a column demotes the previous holder. */
  function setRole(column: string, role: ColumnRole): void {
    const next = { ...roleOf.value };
    if (role === 'time' || role === 'label') {
      for (const name of Object.keys(next)) if (name !== column && next[name] === role) next[name] = 'ignore';
    }
    next[column] = role;
    roleOf.value = next;
  }

  return { summary, roleOf, loading, error, roles, rolesError, openSample, openPath, pickAndOpen, setRole };
});
