import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ModelContext } from '../../shared/domain/model-validation';
import type { RunComparison, SweepProgress } from '../../shared/ipc/compare';
import type { SweepAxis } from '../../shared/sweep-grid';
import { describeError, invoke, subscribe } from './client';
import { compareRows, nextSort, sortRows, settingColumns, type SortKey, type TableSort } from './compare-table';
import { useDatasetStore } from './datasets';
import { useModelStore } from './models';
import { usePrepStore } from './prep';

export type SweepState = 'idle' | 'starting' | 'running' | 'cancelling' | 'done' | 'cancelled' | 'failed';
type ErrorView = { code: string; message: string; details?: unknown };

/**
 * The runs side by side: the table (sorted, checked runs), and the grid sweep that fills it, from
 * the current data and model settings, with its progress and cancel.
 */
export const useCompareStore = defineStore('compare', () => {
  const datasets = useDatasetStore();
  const prep = usePrepStore();
  const models = useModelStore();

  const runs = ref<RunComparison[]>([]);
  const checked = ref<string[]>([]);
  const sort = ref<TableSort>({ key: 'number', descending: false });
  const error = ref<string | null>(null);
  const sweepState = ref<SweepState>('idle');
  const sweepId = ref<string | null>(null);
  const sweep = ref<SweepProgress | null>(null);
  const sweepError = ref<ErrorView | null>(null);

  const rows = computed(() => sortRows(compareRows(runs.value), sort.value));
  const columns = computed(() => settingColumns(runs.value));
  /** in training order, so a run keeps its colour however the table is sorted */
  const checkedRows = computed(() => compareRows(runs.value).filter((row) => checked.value.includes(row.run.runId)));
  const sweeping = computed(() => sweepState.value === 'starting' || sweepState.value === 'running' || sweepState.value === 'cancelling');

  /** A sweep starts from the model as the Model step has it, on the data and split of the Data step. */
  const sweepBase = computed(() => models.validated?.config ?? null);
  const sweepContext = computed<ModelContext>(() => ({
    inputSize: datasets.roles.signals.length,
    trainingRows: prep.partition?.trainEnd,
    hasLabels: datasets.roles.label !== null,
    signals: datasets.roles.signals,
  }));
  const sweepBlocked = computed(() => {
    if (!datasets.summary || datasets.rolesError) return 'Open a dataset and choose its signals on the Data step first.';
    if (!prep.split) return 'Fix the split on the Data step first.';
    if (!sweepBase.value) return 'Choose a model with valid settings on the Model step first: every run starts from it.';
    return null;
  });

  async function load(): Promise<void> {
    try {
      runs.value = await invoke('compare:runs', {});
      checked.value = checked.value.filter((runId) => runs.value.some((run) => run.runId === runId));
      error.value = null;
    } catch (caught) {
      error.value = describeError(caught).message;
    }
  }

  async function add(runId: string): Promise<void> {
    try {
      const [run] = await invoke('compare:runs', { runIds: [runId] });
      if (run && !runs.value.some((known) => known.runId === runId)) runs.value = [...runs.value, run];
    } catch (caught) {
      error.value = describeError(caught).message;
    }
  }

  function toggle(runId: string): void {
    checked.value = checked.value.includes(runId) ? checked.value.filter((id) => id !== runId) : [...checked.value, runId];
  }

  function toggleAll(): void {
    checked.value = checked.value.length === runs.value.length ? [] : runs.value.map((run) => run.runId);
  }

  function sortBy(key: SortKey): void {
    sort.value = nextSort(sort.value, key);
  }

  // Events can overtake the start reply, so while starting we accept the first sweep we hear of.
  const ours = (id: string) => sweepId.value === id || (sweepState.value === 'starting' && sweepId.value === null);

  let subscribed = false;
  function listen(): void {
    if (subscribed) return;
    subscribed = true;
    subscribe('sweep:progress', (progress) => {
      if (!ours(progress.sweepId)) return;
      sweepId.value = progress.sweepId;
      sweep.value = progress;
      if (progress.finishedRunId) void add(progress.finishedRunId);
      if (progress.state !== 'running') sweepState.value = progress.state;
      else if (sweepState.value === 'starting') sweepState.value = 'running';
    });
  }

  async function startSweep(grid: SweepAxis[]): Promise<void> {
    const model = sweepBase.value;
    const split = prep.split;
    if (sweeping.value || sweepBlocked.value || !model || !split || !datasets.summary) return;
    listen();
    sweepState.value = 'starting';
    sweepId.value = null;
    sweep.value = null;
    sweepError.value = null;
    try {
      const started = await invoke('sweep:start', { datasetId: datasets.summary.id, roles: datasets.roles, split, missing: prep.missing, model, grid });
      sweepId.value = started.sweepId;
      if (sweepState.value === 'starting') sweepState.value = 'running';
    } catch (caught) {
      sweepState.value = 'failed';
      sweepError.value = describeError(caught);
    }
  }

  async function cancelSweep(): Promise<void> {
    if (!sweeping.value || !sweepId.value) return;
    sweepState.value = 'cancelling';
    try {
      await invoke('sweep:cancel', { sweepId: sweepId.value });
    } catch (caught) {
      sweepError.value = describeError(caught);
    }
  }

  return {
    runs, checked, sort, error, rows, columns, checkedRows,
    sweepState, sweepId, sweep, sweepError, sweeping, sweepBase, sweepContext, sweepBlocked,
    load, toggle, toggleAll, sortBy, listen, startSweep, cancelSweep,
  };
});
