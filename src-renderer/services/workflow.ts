import { computed } from 'vue';
import { useAppStore, type StepId } from './app';
import { useCompareStore } from './compare';
import { useDatasetStore } from './datasets';
import { useModelStore } from './models';
import { usePrepStore } from './prep';
import { useResultsStore } from './results';
import { useTrainingStore } from './training';

/**
 * The steps across stores: what can run now, which steps are reachable, and the actions that move
 * the user along (train -> results). Components and shortcuts call these instead of chaining stores.
 */
export function useWorkflow() {
  const app = useAppStore();
  const datasets = useDatasetStore();
  const models = useModelStore();
  const prep = usePrepStore();
  const training = useTrainingStore();
  const results = useResultsStore();
  const compare = useCompareStore();

  // a sweep holds the compute process between its runs: the host would refuse a training as busy
  const canTrain = computed(
    () =>
      !!datasets.summary && !datasets.rolesError && !!prep.split && !!models.validated?.config && !models.blocked && !training.busy && !compare.sweeping,
  );

  const enabled = computed<Record<StepId, boolean>>(() => ({
    data: true,
    model: !!datasets.summary,
    train: training.state !== 'idle',
    results: !!results.run,
    explain: !!results.run,
    // runs of earlier sessions of the host are listed there too; empty, it says what to do
    compare: true,
    report: !!results.run,
  }));
  const done = computed<Record<StepId, boolean>>(() => ({
    data: !!datasets.summary && !datasets.rolesError && !!prep.split,
    model: training.state !== 'idle',
    train: training.state === 'done',
    results: !!results.run,
    explain: !!results.explanation,
    compare: compare.checked.length >= 2,
    report: false,
  }));

  async function startTraining(): Promise<void> {
    const config = models.validated?.config;
    const split = prep.split;
    if (!canTrain.value || !config || !split || !datasets.summary) return;
    app.go('train');
    await training.start(datasets.summary.id, datasets.roles, config, split, prep.missing);
  }

  let wired = false;
  /** Once per app: when a job finishes, load its run and show Results. */
  function wireTrainingToResults(): void {
    if (wired) return;
    wired = true;
    training.listen();
    training.onDone(async (runId) => {
      await results.load(runId);
      if (app.step === 'train') app.go('results');
    });
  }

  return { canTrain, enabled, done, startTraining, wireTrainingToResults };
}
