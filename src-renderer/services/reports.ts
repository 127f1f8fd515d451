import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ResponseOf } from '../../shared/ipc';
import { describeError, invoke } from './client';

/** Export of the HTML report for a run. */
export const useReportStore = defineStore('reports', () => {
  const exported = ref<ResponseOf<'reports:export'> | null>(null);
  const exporting = ref(false);
  const error = ref<string | null>(null);

  async function exportReport(runId: string): Promise<void> {
    exporting.value = true;
    error.value = null;
    try {
      exported.value = await invoke('reports:export', { runId });
    } catch (caught) {
      error.value = describeError(caught).message;
    } finally {
      exporting.value = false;
    }
  }

  return { exported, exporting, error, exportReport };
});
