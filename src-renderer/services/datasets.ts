import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ColumnRole, Roles } from '../../shared/domain/results';
import type { ColumnInfo, DatasetPreview, DatasetSummary, ImportProgress, SynthesizeRequest } from '../../shared/ipc/datasets';
import type { ResponseOf } from '../../shared/ipc';
import { describeError, getBridge, invoke, subscribe } from './client';

/** Turns one role per column into the contract's Roles (one time column, one label column at most). */
export function rolesFromColumns(columns: string[], roleOf: Record<string, ColumnRole>): Roles {
  const pick = (role: ColumnRole) => columns.find((name) => roleOf[name] === role) ?? null;
  return { time: pick('time'), label: pick('label'), signals: columns.filter((name) => roleOf[name] === 'signal') };
}

export type ImportState = 'idle' | 'starting' | 'running' | 'cancelling' | 'cancelled' | 'failed' | 'done';
export type DatasetListItem = ResponseOf<'datasets:list'>[number];
type ErrorView = { code?: string; message: string; details?: unknown };

/**
 * The file being looked at (inspect: dialect, schema, first rows), its import job (progress, ETA,
 * cancel), the imported dataset with its column roles, and the list of earlier imports.
 */
export const useDatasetStore = defineStore('datasets', () => {
  const preview = ref<DatasetPreview | null>(null);
  const summary = ref<DatasetSummary | null>(null);
  const roleOf = ref<Record<string, ColumnRole>>({});
  const loading = ref(false);
  const error = ref<ErrorView | null>(null);
  const importState = ref<ImportState>('idle');
  const importJobId = ref<string | null>(null);
  const importProgress = ref<ImportProgress | null>(null);
  const history = ref<DatasetListItem[]>([]);
  /** the ground-truth file of a generated dataset, for HitRate on it; null for any other dataset */
  const truthPath = ref<string | null>(null);

  /** What the Data view shows: the imported dataset, else the inspected file. */
  const columns = computed<ColumnInfo[]>(() => summary.value?.columns ?? preview.value?.columns ?? []);
  const columnNames = computed(() => columns.value.map((c) => c.name));
  const roles = computed(() => rolesFromColumns(columnNames.value, roleOf.value));
  const rolesError = computed(() => (summary.value && roles.value.signals.length === 0 ? 'Choose at least one signal column.' : null));
  const importing = computed(() => importState.value === 'starting' || importState.value === 'running' || importState.value === 'cancelling');
  /** 0..1 by bytes (rows when the size is unknown) */
  const importFraction = computed(() => {
    const p = importProgress.value;
    if (importState.value === 'done') return 1;
    if (!p || p.bytesTotal <= 0) return 0;
    return Math.min(1, p.bytesDone / p.bytesTotal);
  });

  /** Roles the user already chose for a column survive the import; new columns take the suggestion. */
  function adoptColumns(next: ColumnInfo[]): void {
    roleOf.value = Object.fromEntries(next.map((c) => [c.name, roleOf.value[c.name] ?? c.suggestedRole]));
  }

  function useDataset(opened: DatasetSummary, keepRoles: boolean): void {
    if (!keepRoles) roleOf.value = {};
    summary.value = opened;
    truthPath.value = null;
    adoptColumns(opened.columns);
    void refreshList();
  }

  async function load(open: () => Promise<DatasetSummary>, keepRoles = false): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const opened = await open();
      preview.value = null;
      importState.value = 'idle';
      useDataset(opened, keepRoles);
    } catch (caught) {
      error.value = describeError(caught);
    } finally {
      loading.value = false;
    }
  }

  const openSample = () => load(() => invoke('datasets:openSample', {}));
  /**
   * Generates a synthetic dataset with its ground truth in the workspace, then opens it. It is a
   * job like an import (generation on the compute process, then the import): the same progress,
   * ETA and Cancel show while it runs.
   */
  async function synthesize(request: SynthesizeRequest): Promise<void> {
    if (importing.value) return;
    listen();
    [importState.value, importJobId.value, importProgress.value, preview.value] = ['starting', null, null, null];
    let truth: string | null = null;
    await load(async () => {
      const made = await invoke('datasets:synthesize', request);
      truth = made.truthPath;
      return made.dataset;
    });
    if (truth) truthPath.value = truth;
    if (error.value?.code === 'CANCELLED') [error.value, importState.value] = [null, 'cancelled'];
    else if (importing.value) importState.value = error.value ? 'failed' : 'idle';
  }
  /** Reopens an earlier import: instant, nothing is read again. */
  const reopen = (datasetId: string) => load(() => invoke('datasets:get', { datasetId }));

  /**
   * A reopened project's dataset with the roles it was saved with (a column the roles do not name
   * takes its suggestion); no dataset when the project had none.
   */
  async function restore(datasetId: string | null, savedRoles: Record<string, ColumnRole>): Promise<void> {
    if (!datasetId) {
      [summary.value, preview.value, truthPath.value, error.value, roleOf.value, importState.value] = [null, null, null, null, {}, 'idle'];
      return;
    }
    await load(async () => {
      const opened = await invoke('datasets:get', { datasetId });
      roleOf.value = { ...savedRoles };
      return opened;
    }, true);
  }

  /** A quick look at a file before importing it: dialect, schema, roles and first rows. */
  async function inspect(path: string): Promise<void> {
    if (importing.value) return;
    loading.value = true;
    error.value = null;
    try {
      const looked = await invoke('datasets:inspect', { path: path.trim() });
      preview.value = looked;
      summary.value = null;
      importState.value = 'idle';
      importProgress.value = null;
      roleOf.value = {};
      adoptColumns(looked.columns);
    } catch (caught) {
      error.value = describeError(caught);
    } finally {
      loading.value = false;
    }
  }

  // Events can overtake the import reply, so while starting we accept the first job we hear of.
  const ours = (id: string) => importJobId.value === id || (importState.value === 'starting' && importJobId.value === null);
  let subscribed = false;
  function listen(): void {
    if (subscribed) return;
    subscribed = true;
    subscribe('datasets:importProgress', (p) => {
      if (!ours(p.jobId) || !importing.value) return;
      importJobId.value = p.jobId;
      if (importState.value === 'starting') importState.value = 'running';
      importProgress.value = p;
    });
    subscribe('datasets:imported', (p) => {
      if (!ours(p.jobId)) return;
      importJobId.value = p.jobId;
      importState.value = 'done';
      useDataset(p.dataset, true);
    });
    subscribe('datasets:importFailed', (p) => {
      if (!ours(p.jobId)) return;
      importJobId.value = p.jobId;
      const cancelled = p.error.code === 'CANCELLED';
      importState.value = cancelled ? 'cancelled' : 'failed';
      error.value = cancelled ? null : p.error;
    });
  }

  /** Imports the inspected file as a job; `datasets:imported` makes it the open dataset. */
  async function startImport(): Promise<void> {
    if (!preview.value || importing.value) return;
    listen();
    importState.value = 'starting';
    importJobId.value = null;
    importProgress.value = null;
    error.value = null;
    try {
      const started = await invoke('datasets:import', { path: preview.value.path, name: preview.value.name });
      importJobId.value = started.jobId;
      if (importState.value === 'starting') importState.value = 'running';
    } catch (caught) {
      importState.value = 'failed';
      error.value = describeError(caught);
    }
  }

  async function cancelImport(): Promise<void> {
    if (!importing.value || !importJobId.value) return;
    importState.value = 'cancelling';
    try {
      const answer = await invoke('datasets:cancelImport', { jobId: importJobId.value });
      if (importState.value === 'cancelling') importState.value = answer.cancelled ? 'cancelled' : 'running';
    } catch (caught) {
      error.value = describeError(caught);
    }
  }

  async function refreshList(): Promise<void> {
    try {
      history.value = await invoke('datasets:list', {});
    } catch {
      // the list is a convenience: the open dataset works without it
    }
  }

  /** Electron only: the native dialog, then a quick look at the file. */
  async function pickAndInspect(): Promise<void> {
    try {
      const picked = await invoke('app:pickFile', {});
      if (picked.path) await inspect(picked.path);
    } catch (caught) {
      error.value = describeError(caught);
    }
  }

  /**
   * A file dropped on the window: the desktop app knows its path and opens it; a browser page is
   * never told where a file lies, so web mode says to type the path instead.
   */
  async function inspectDropped(file: File): Promise<void> {
    const path = getBridge().pathForFile?.(file) ?? null;
    if (path) {
      await inspect(path);
      return;
    }
    error.value = {
      code: 'BAD_REQUEST',
      message: `${file.name}: a browser does not tell where a dropped file lies on disk; type its path in the box above (the desktop app opens dropped files)`,
    };
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

  return {
    preview, summary, roleOf, loading, error, columns, roles, rolesError,
    importState, importJobId, importProgress, importing, importFraction, history, truthPath,
    openSample, synthesize, reopen, restore, inspect, inspectDropped, startImport, cancelImport, refreshList, pickAndInspect, setRole, listen,
  };
});
