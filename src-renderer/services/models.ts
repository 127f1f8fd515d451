import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { Preset } from '../../shared/domain/model-config';
import { defaultPresetName } from '../../shared/domain/presets';
import type { DescribeResponse } from '../../shared/ipc/models';
import { describeError, invoke } from './client';
import { useDatasetStore } from './datasets';
import { formFromConfig, validateModelForm, type ModelForm } from './model-form';
import { usePrepStore } from './prep';

/** Presets, the model form, and what the engine says of it: field problems, parameter count, epoch time. */
export const useModelStore = defineStore('models', () => {
  const presets = ref<Preset[]>([]);
  const presetName = ref(defaultPresetName);
  const form = ref<ModelForm | null>(null);
  const described = ref<DescribeResponse | null>(null);
  const measuring = ref(false);
  const error = ref<string | null>(null);

  const preset = computed(() => presets.value.find((p) => p.name === presetName.value) ?? null);
  const validated = computed(() => (form.value && preset.value ? validateModelForm(form.value, preset.value.config) : null));
  const parameterCount = computed(() => described.value?.parameterCount ?? null);
  /** problems only the data can show (a bottleneck wider than the signals, windows longer than the rows) */
  const issues = computed(() => described.value?.issues ?? []);
  /** a config with an error-level issue cannot train */
  const blocked = computed(() => issues.value.some((issue) => issue.severity === 'error'));

  async function loadPresets(): Promise<void> {
    if (presets.value.length > 0) return;
    try {
      presets.value = await invoke('models:presets', {});
      choosePreset(presets.value.some((p) => p.name === presetName.value) ? presetName.value : presets.value[0]?.name);
    } catch (caught) {
      error.value = describeError(caught).message;
    }
  }

  function choosePreset(name: string | undefined): void {
    const chosen = presets.value.find((p) => p.name === name);
    if (!chosen) return;
    presetName.value = chosen.name;
    form.value = formFromConfig(chosen.config);
  }

  const datasets = useDatasetStore();
  const prep = usePrepStore();
  const trainingRows = computed(() => {
    const partition = prep.partition;
    if (partition) return partition.trainEnd;
    const rows = datasets.summary?.rowCount;
    if (!prep.split || rows === undefined) return null;
    return Math.floor(rows * (prep.split.kind === 'cut' ? 1 : prep.split.train));
  });

  // The description follows the form; a stale answer (older request) is dropped.
  let describeSeq = 0;
  async function describe(measure: boolean): Promise<void> {
    const seq = ++describeSeq;
    const config = validated.value?.config;
    const inputSize = datasets.roles.signals.length;
    if (!config || inputSize < 1) {
      described.value = null;
      return;
    }
    if (measure) measuring.value = true;
    try {
      const answer = await invoke('models:describe', {
        config,
        inputSize,
        trainingRows: trainingRows.value,
        hasLabels: datasets.summary ? datasets.roles.label !== null : null,
        signals: datasets.roles.signals,
        measure,
      });
      if (seq === describeSeq) described.value = answer;
    } catch (caught) {
      if (seq === describeSeq) error.value = describeError(caught).message;
    } finally {
      if (measure) measuring.value = false;
    }
  }

  watch(
    () => [validated.value?.config, datasets.roles.signals.length, datasets.roles.label, trainingRows.value] as const,
    () => void describe(false),
    { deep: true },
  );

  return {
    presets,
    presetName,
    preset,
    form,
    validated,
    described,
    parameterCount,
    issues,
    blocked,
    measuring,
    error,
    loadPresets,
    choosePreset,
    measureEpoch: () => describe(true),
  };
});
