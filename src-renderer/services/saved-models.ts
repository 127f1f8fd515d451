import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { LoadedModel } from '../../shared/ipc/models';
import { useAppStore } from './app';
import { describeError, invoke } from './client';
import { useDatasetStore } from './datasets';
import { usePrepStore } from './prep';
import { useResultsStore } from './results';
import { useTrainingStore } from './training';

/** Saved model folders: export a run's model, import one, score the open dataset with it (no training). */
export const useSavedModelsStore = defineStore('savedModels', () => {
  const loaded = ref<LoadedModel | null>(null);
  const busy = ref(false);
  const error = ref<string | null>(null);
  /** where the last export went */
  const exportedTo = ref<string | null>(null);

  async function act(action: () => Promise<void>): Promise<void> {
    busy.value = true;
    error.value = null;
    try {
      await action();
    } catch (caught) {
      error.value = describeError(caught).message;
    } finally {
      busy.value = false;
    }
  }

  const importModel = (dir: string) =>
    act(async () => {
      loaded.value = await invoke('models:import', { dir });
    });

  const exportRun = (dir: string) =>
    act(async () => {
      const runId = useResultsStore().run?.runId;
      if (runId) exportedTo.value = (await invoke('models:export', { runId, dir })).dir;
    });

  /** Scores the open dataset as a job the Train step follows; its run then opens in Results like a trained one. */
  function scoreOpenDataset(): Promise<void> {
    const datasets = useDatasetStore();
    const model = loaded.value;
    const summary = datasets.summary;
    if (!model || !summary) return Promise.resolve();
    const { time, label } = datasets.roles;
    const missing = usePrepStore().missing;
    error.value = null;
    useAppStore().go('train');
    return useTrainingStore().follow(() => invoke('models:score', { modelId: model.modelId, datasetId: summary.id, roles: { time, label }, missing }));
  }

  return { loaded, busy, error, exportedTo, importModel, exportRun, scoreOpenDataset };
});
