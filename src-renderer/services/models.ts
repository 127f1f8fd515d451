import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { DenseConfig, Preset } from '../../shared/domain/model-config';
import { defaultPresetName } from '../../shared/domain/presets';
import { describeError, invoke } from './client';
import { useDatasetStore } from './datasets';
import { formFromConfig, validateModelForm, type ModelForm } from './model-form';

/** Presets, the model form and the live parameter count. */
export const useModelStore = defineStore('models', () => {
  const presets = ref<Preset[]>([]);
  const presetName = ref(defaultPresetName);
  const form = ref<ModelForm | null>(null);
  const parameterCount = ref<number | null>(null);
  const layers = ref<number[]>([]);
  const error = ref<string | null>(null);

  const preset = computed(() => presets.value.find((p) => p.name === presetName.value) ?? null);
  const validated = computed(() =>
    form.value && preset.value ? validateModelForm(form.value, preset.value.config as DenseConfig) : null,
  );

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
    form.value = formFromConfig(chosen.config as DenseConfig);
  }

  // The parameter count follows the form; a stale answer (older request) is dropped.
  let describeSeq = 0;
  const datasets = useDatasetStore();
  watch(
    () => [validated.value?.config, datasets.roles.signals.length] as const,
    async ([config, inputSize]) => {
      const seq = ++describeSeq;
      if (!config || inputSize < 1) {
        parameterCount.value = null;
        return;
      }
      try {
        const described = await invoke('models:describe', { config, inputSize });
        if (seq !== describeSeq) return;
        parameterCount.value = described.parameterCount;
        layers.value = described.layers;
      } catch {
        if (seq === describeSeq) parameterCount.value = null;
      }
    },
    { deep: true },
  );

  return { presets, presetName, preset, form, validated, parameterCount, layers, error, loadPresets, choosePreset };
});
