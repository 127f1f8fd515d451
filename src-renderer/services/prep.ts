import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { defaultMissingPolicy, type MissingPolicy } from '../../shared/domain/data-prep';
import type { MissingReport, Overview } from '../../shared/ipc/datasets';
import { describeError, invoke } from './client';
import { useDatasetStore } from './datasets';
import { defaultSplitForm, previewPartition, validateSplitForm, type SplitForm } from './split-form';

export const missingPolicies: Array<{ value: MissingPolicy; label: string; hint: string }> = [
  { value: 'forward-fill', label: 'Forward fill', hint: 'a gap takes the last value above it' },
  { value: 'drop-rows', label: 'Drop rows', hint: 'rows with a gap are left out' },
  { value: 'mean-fill', label: 'Mean fill (training statistics)', hint: "a gap takes its signal's mean over the training rows" },
  { value: 'fail', label: 'Fail', hint: 'stop at the first gap and say where it is' },
];

/** Overview width in buckets: enough for a sharp envelope, small enough to answer at once. */
const overviewWidth = 600;

/**
 * How the open dataset becomes training data: the missing-value policy (with the rows it affects for
 * the chosen signals), the split (with its preview bands) and the overview of one signal.
 */
export const usePrepStore = defineStore('prep', () => {
  const datasets = useDatasetStore();
  const splitForm = ref<SplitForm>(defaultSplitForm());
  const missing = ref<MissingPolicy>(defaultMissingPolicy);
  const missingReport = ref<MissingReport | null>(null);
  const overview = ref<Overview | null>(null);
  const overviewColumn = ref<string | null>(null);
  const error = ref<string | null>(null);

  const rowCount = computed(() => datasets.summary?.rowCount ?? 0);
  const validated = computed(() =>
    validateSplitForm(splitForm.value, { rowCount: rowCount.value, hasTime: !!datasets.roles.time, hasLabel: !!datasets.roles.label }),
  );
  const split = computed(() => validated.value.split);
  const partition = computed(() => previewPartition(split.value, rowCount.value));

  let missingSeq = 0;
  watch(
    () => [datasets.summary?.id, datasets.roles.signals.join('\u0000')] as const,
    async ([datasetId]) => {
      const seq = ++missingSeq;
      const signals = datasets.roles.signals;
      if (!datasetId || signals.length === 0) {
        missingReport.value = null;
        return;
      }
      try {
        const report = await invoke('datasets:missing', { datasetId, signals });
        if (seq === missingSeq) missingReport.value = report;
      } catch (caught) {
        if (seq === missingSeq) error.value = describeError(caught).message;
      }
    },
    { immediate: true },
  );

  // the chart follows the first signal unless the user picked another that is still a signal
  watch(
    () => datasets.roles.signals,
    (signals) => {
      if (!overviewColumn.value || !signals.includes(overviewColumn.value)) overviewColumn.value = signals[0] ?? null;
    },
    { immediate: true },
  );

  let overviewSeq = 0;
  watch(
    () => [datasets.summary?.id, overviewColumn.value, datasets.roles.label] as const,
    async ([datasetId, column, label]) => {
      const seq = ++overviewSeq;
      if (!datasetId || !column) {
        overview.value = null;
        return;
      }
      try {
        const answer = await invoke('datasets:overview', { datasetId, column, label, width: overviewWidth });
        if (seq === overviewSeq) {
          overview.value = answer;
          error.value = null;
        }
      } catch (caught) {
        if (seq === overviewSeq) error.value = describeError(caught).message;
      }
    },
    { immediate: true },
  );

  return { splitForm, missing, missingReport, overview, overviewColumn, error, validated, split, partition };
});
