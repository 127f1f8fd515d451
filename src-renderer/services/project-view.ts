import { activationSchema, modelWindowSchema, scalerSchema, scoringSchema } from '../../shared/domain/model-config';
import type { ProjectView } from '../../shared/ipc/projects';
import { reportSectionIds } from '../../shared/ipc/reports';
import { useAppStore, type StepId } from './app';
import { useCompareStore } from './compare';
import { useDatasetStore } from './datasets';
import { useExplainStore } from './explain';
import { formValues, mergeFormValues } from './form-values';
import type { ModelForm } from './model-form';
import { useModelStore } from './models';
import { usePrepStore } from './prep';
import { useReportStore } from './reports';
import { useResultsStore } from './results';
import { defaultSplitForm, type SplitForm } from './split-form';
import { useTrainingStore } from './training';

/** The fields of the forms that hold one of a fixed set of words: a saved value outside them is dropped. */
const splitChoices: Partial<Record<keyof SplitForm, readonly string[]>> = {
  kind: ['chronological', 'random', 'cut'] satisfies SplitForm['kind'][],
  cutAt: ['row', 'time'] satisfies SplitForm['cutAt'][],
};
const modelChoices: Partial<Record<keyof ModelForm, readonly string[]>> = {
  activation: activationSchema.options,
  scaler: scalerSchema.options,
  windowAttribution: modelWindowSchema.shape.attribution.options,
  normalise: scoringSchema.shape.normalise.options,
  smoothingAlign: scoringSchema.shape.smoothingAlign.options,
};

/** What the stores show now, as a project keeps it. */
export function captureView(): ProjectView {
  const datasets = useDatasetStore();
  const prep = usePrepStore();
  const models = useModelStore();
  const results = useResultsStore();
  const explain = useExplainStore();
  const run = results.run;
  return {
    step: useAppStore().step,
    datasetId: datasets.summary?.id ?? null,
    // an inspected file that was never imported is no dataset: its roles have nothing to refer to
    roleOf: datasets.summary ? { ...datasets.roleOf } : {},
    splitForm: formValues(prep.splitForm),
    missing: prep.missing,
    presetName: models.presetName,
    modelForm: models.form ? formValues(models.form) : null,
    runId: run?.runId ?? null,
    selectedEvent: results.selectedEvent,
    explain: run
      ? {
          // Explain not visited yet: the whole file, as it would first show
          rowStart: explain.view?.rowStart ?? 0,
          rowEnd: Math.max(1, explain.view?.rowEnd ?? run.nRows),
          sortByError: explain.sortByError,
          normalised: explain.normalised,
          pinned: [...explain.pinned],
        }
      : null,
    compareChecked: [...useCompareStore().checked],
    reportSections: [...useReportStore().sections],
  };
}

/**
 * The step to show for a saved one: Train shows a live job, which a reopened project has not, so
 * its run's Results stand in; the steps of a run fall back when the run did not load.
 */
export function stepAfterRestore(saved: StepId, state: { hasDataset: boolean; hasRun: boolean; training: boolean }): StepId {
  const fallback: StepId = state.hasRun ? 'results' : state.hasDataset ? 'model' : 'data';
  if (saved === 'train') return state.training ? 'train' : fallback;
  if ((saved === 'results' || saved === 'explain' || saved === 'report') && !state.hasRun) return fallback;
  if (saved === 'model' && !state.hasDataset) return 'data';
  return saved;
}

/**
 * Puts every store back as the view says, in the order they depend on each other: the dataset and
 * its roles, the split and the model form, the run (which resets the Explain state, so that comes
 * after it), the selected event, the heatmap, the runs compared, the report, and last the step.
 */
export async function restoreView(view: ProjectView): Promise<void> {
  const datasets = useDatasetStore();
  const prep = usePrepStore();
  const models = useModelStore();
  const results = useResultsStore();
  const explain = useExplainStore();
  const compare = useCompareStore();
  const reports = useReportStore();

  await datasets.restore(view.datasetId, view.roleOf);
  prep.splitForm = mergeFormValues(defaultSplitForm(), view.splitForm, splitChoices);
  prep.missing = view.missing;

  await models.loadPresets();
  // a preset this version lacks: the form stays as it is rather than take another family's fields
  if (view.presetName && models.presets.some((preset) => preset.name === view.presetName)) {
    models.choosePreset(view.presetName);
    if (models.form) models.form = mergeFormValues(models.form, view.modelForm, modelChoices);
  }

  // before the run: a Report view on screen previews the new run with these sections
  reports.sections = reportSectionIds.filter((id) => (view.reportSections ?? reportSectionIds).includes(id));
  results.clear();
  if (view.runId) await results.load(view.runId);
  if (results.run && view.selectedEvent !== null) await results.selectEvent(view.selectedEvent);
  if (results.run && view.explain) await explain.restore(view.explain);
  if (results.run && reports.preview) await reports.loadPreview(results.run.runId);

  compare.checked = [...view.compareChecked];
  // the project's runs replaced the session's: the list (and so the checked runs) follows
  await compare.load();

  const app = useAppStore();
  app.go(stepAfterRestore(view.step, { hasDataset: !!datasets.summary, hasRun: !!results.run, training: useTrainingStore().busy }));
}
