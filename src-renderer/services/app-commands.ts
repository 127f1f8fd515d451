import { defineStore } from 'pinia';
import { computed } from 'vue';
import { isDatasetName, type MenuCommand, type OpenTarget } from '../../shared/ipc/app';
import type { EventPayload } from '../../shared/ipc';
import { useAppStore } from './app';
import { describeError, getBridge, invoke, subscribe } from './client';
import { useCompareStore } from './compare';
import { useDatasetStore } from './datasets';
import { useProjectStore } from './projects';
import { useResultsStore } from './results';
import { useTrainingStore } from './training';
import { useWorkflow } from './workflow';

/**
 * The app's commands in one place: the header, the keyboard, the desktop menu, paths the OS hands
 * over (a launch with a file, a second launch, "Open with") and drops on the window all end here,
 * and each reuses the stores' own actions.
 */
export const useAppCommands = defineStore('appCommands', () => {
  const app = useAppStore();
  const datasets = useDatasetStore();
  const projects = useProjectStore();
  const training = useTrainingStore();
  const compare = useCompareStore();
  const results = useResultsStore();
  const workflow = useWorkflow();

  /** Why Train cannot start now, in the user's words; null when it can. */
  const trainBlocked = computed(() => {
    if (training.busy || compare.sweeping) return 'A training or sweep is running: wait for it or cancel it first.';
    if (!datasets.summary) return 'Import a dataset on the Data step first.';
    if (datasets.rolesError) return datasets.rolesError;
    if (!workflow.canTrain.value) return 'Choose a model with valid settings on the Model step first (and check the split on the Data step).';
    return null;
  });

  /** Ctrl+O: the file dialog in the desktop app; web mode has none, so the path box gets the focus. */
  function openDataset(): void {
    app.go('data');
    if (app.isWeb) requestAnimationFrame(() => document.querySelector<HTMLInputElement>('[data-testid="open-path"]')?.focus());
    else void datasets.pickAndInspect();
  }

  /** Trains the model of the Model step; `explain`: say why not when it cannot (the menu's item, not the key). */
  async function train(explain = false): Promise<void> {
    if (trainBlocked.value) {
      if (explain) app.notice = trainBlocked.value;
      return;
    }
    await workflow.startTraining();
  }

  /** Stops the training, else the sweep, that is running. */
  async function cancel(): Promise<void> {
    if (training.busy) await training.cancel();
    else if (compare.sweeping) await compare.cancelSweep();
  }

  function exportReport(): void {
    if (results.run) app.go('report');
    else app.notice = 'A report describes a run: train a model, or open a project or a run on the Compare step, first.';
  }

  async function runMenuCommand({ command, path }: MenuCommand): Promise<void> {
    switch (command) {
      case 'openDataset':
        return openDataset();
      case 'openProject':
        return projects.requestOpen(path);
      case 'saveProject':
        return void (await projects.requestSave());
      case 'saveProjectAs':
        return projects.requestSaveAs();
      case 'exportReport':
        return exportReport();
      case 'train':
        return train(true);
      case 'cancel':
        return cancel();
      case 'toggleTheme':
        return app.toggleTheme();
    }
  }

  /** A project opens (after asking about unsaved work); a data file opens on the Data step for a look before import. */
  async function openTarget(target: OpenTarget): Promise<void> {
    if (target.kind === 'unsupported') {
      app.notice = target.message ?? `${target.path} cannot be opened here.`;
      return;
    }
    if (target.kind === 'project') return projects.requestOpen(target.path);
    app.go('data');
    if (datasets.importing) {
      app.notice = `An import is running: let it finish or cancel it, then open ${target.path}.`;
      return;
    }
    await datasets.inspect(target.path);
  }

  /**
   * A file or folder dropped on the window: the desktop app learns its path from the preload
   * (webUtils.getPathForFile); a browser is never told, so web mode explains on the Data step.
   */
  async function openDropped(file: File): Promise<void> {
    const path = getBridge().pathForFile?.(file) ?? null;
    if (!path) {
      app.go('data');
      return datasets.inspectDropped(file);
    }
    if (isDatasetName(path)) return openTarget({ kind: 'dataset', path, message: null });
    try {
      await openTarget(await invoke('app:classifyPath', { path }));
    } catch (caught) {
      app.notice = describeError(caught).message;
    }
  }

  /** A clicked job notification: its run on the given step. */
  async function showRun({ step, runId }: EventPayload<'app:showRun'>): Promise<void> {
    if (runId && results.run?.runId !== runId) await results.load(runId);
    app.go(step);
  }

  let listening = false;
  /** Once per app: the desktop app's menu, handed-over paths and notification clicks. */
  function listen(): void {
    if (listening) return;
    listening = true;
    subscribe('app:menuCommand', (command) => void runMenuCommand(command));
    subscribe('app:openPath', (target) => void openTarget(target));
    subscribe('app:showRun', (show) => void showRun(show));
  }

  return { trainBlocked, openDataset, train, cancel, exportReport, runMenuCommand, openTarget, openDropped, showRun, listen };
});
