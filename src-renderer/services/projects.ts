import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { OpenedProject, ProjectInfo, RecentProject } from '../../shared/ipc/projects';
import { useAppStore } from './app';
import { describeError, invoke } from './client';
import { useCompareStore } from './compare';
import { useDatasetStore } from './datasets';
import { useModelStore } from './models';
import { captureView, restoreView } from './project-view';
import { useResultsStore } from './results';
import { useTrainingStore } from './training';

export type FolderPurpose = 'open' | 'save';

/**
 * The project the session is saved in: save and reopen it with the same views, the recent list,
 * and whether anything changed since. Asking for a folder is the native dialog in the desktop app;
 * a browser page gets none, so web mode asks for a typed path (`prompt`, which the menu shows).
 */
export const useProjectStore = defineStore('projects', () => {
  const app = useAppStore();
  const datasets = useDatasetStore();
  const models = useModelStore();
  const results = useResultsStore();
  const compare = useCompareStore();
  const training = useTrainingStore();

  const current = ref<ProjectInfo | null>(null);
  const recent = ref<RecentProject[]>([]);
  const busy = ref(false);
  const error = ref<string | null>(null);
  /** web mode: the folder being asked for */
  const prompt = ref<{ purpose: FolderPurpose } | null>(null);
  /** an open waiting for the user to drop unsaved changes; dir null: ask for the folder next */
  const pendingOpen = ref<{ dir: string | null } | null>(null);
  /** a Save as waiting for the user to agree to replace the project its folder holds */
  const pendingReplace = ref<{ dir: string; name?: string } | null>(null);

  /**
   * Everything a save would keep, as text: the view, the threshold in force on the run (the host
   * keeps it with the run, not in the view) and the runs of the session. The step is left out:
   * moving between steps changes no work.
   */
  const snapshot = computed(() => {
    const { step: _step, ...view } = captureView();
    const run = results.run;
    const threshold = run ? { rule: run.threshold.rule, value: run.threshold.value, alarms: run.threshold.alarms } : null;
    return JSON.stringify({ view, threshold, runs: compare.runs.map((r) => r.runId) });
  });
  /** the snapshot when the project was last saved or opened; null while no project is */
  const savedSnapshot = ref<string | null>(null);
  /** Without a project, any open dataset or run is work that is saved nowhere. */
  const dirty = computed(() => (savedSnapshot.value === null ? !!datasets.summary || !!results.run : snapshot.value !== savedSnapshot.value));

  /**
   * Once per app: a reloaded page shows the project the host has open as it was last saved or
   * opened (the host still holds its runs), so a Save right after writes that view, not an empty one.
   */
  async function start(): Promise<void> {
    try {
      const opened = await invoke('projects:current', {});
      if (!opened) return;
      const { view, ...info } = opened;
      current.value = info;
      await restoreView(view);
      // the runs are part of the snapshot: known now, the Compare view loading them later changes nothing
      await compare.load();
      savedSnapshot.value = snapshot.value;
    } catch (caught) {
      error.value = describeError(caught).message;
    }
  }

  /** One save or open at a time, its failure in `error` (the host's message) instead of a throw. */
  async function task(work: () => Promise<void | false>): Promise<boolean> {
    if (busy.value) return false;
    busy.value = true;
    error.value = null;
    try {
      return (await work()) !== false;
    } catch (caught) {
      error.value = describeError(caught).message;
      return false;
    } finally {
      busy.value = false;
    }
  }

  /** Writes the session and the view; into `dir` for Save as, else into the open project. */
  function write(target: { dir?: string; name?: string; replace?: boolean }): Promise<boolean> {
    return task(async () => {
      // the model form and the runs are part of the snapshot: fill them even if their steps were never shown
      await Promise.all([models.loadPresets(), compare.load()]);
      const view = captureView();
      const written = snapshot.value;
      try {
        current.value = await invoke('projects:save', { ...target, view });
      } catch (caught) {
        // the folder holds another project: the user decides before it is replaced
        if (describeError(caught).code !== 'CONFLICT' || !target.dir) throw caught;
        pendingReplace.value = { dir: target.dir, ...(target.name ? { name: target.name } : {}) };
        prompt.value = null;
        return false;
      }
      savedSnapshot.value = written;
      prompt.value = null;
      void refreshRecent();
    });
  }

  const save = () => write({});
  function saveAs(dir: string, name?: string, replace = false): Promise<boolean> {
    const trimmedName = name?.trim();
    return write({ dir: dir.trim(), ...(trimmedName ? { name: trimmedName } : {}), ...(replace ? { replace } : {}) });
  }

  async function confirmReplace(): Promise<boolean> {
    const pending = pendingReplace.value;
    pendingReplace.value = null;
    return pending ? saveAs(pending.dir, pending.name, true) : false;
  }

  function open(dir: string): Promise<boolean> {
    return task(async () => {
      if (training.busy || compare.sweeping) throw new Error('A training or sweep is running: cancel it or let it finish before opening a project.');
      const opened = await invoke('projects:open', { dir: dir.trim() });
      current.value = { dir: opened.dir, name: opened.name, savedAt: opened.savedAt };
      prompt.value = null;
      await restoreOpened(opened);
      void refreshRecent();
    });
  }

  /** The opened project's views, and from then on its changes count as unsaved. */
  async function restoreOpened(opened: OpenedProject): Promise<void> {
    await restoreView(opened.view);
    savedSnapshot.value = snapshot.value;
    if (opened.migratedFrom !== null) {
      app.notice = `${opened.name} was written by an older version (format ${opened.migratedFrom}); it was upgraded on opening and the next save writes the new format.`;
    }
  }

  async function refreshRecent(): Promise<void> {
    try {
      recent.value = await invoke('projects:recent', {});
    } catch (caught) {
      error.value = describeError(caught).message;
    }
  }

  async function forget(dir: string): Promise<void> {
    try {
      recent.value = await invoke('projects:forget', { dir });
    } catch (caught) {
      error.value = describeError(caught).message;
    }
  }

  /** The native folder dialog; where there is none (web mode), the typed-path prompt. */
  async function askFolder(purpose: FolderPurpose): Promise<void> {
    error.value = null;
    if (app.isWeb) {
      prompt.value = { purpose };
      return;
    }
    try {
      const { dir } = await invoke('projects:pickFolder', { purpose });
      if (dir) await (purpose === 'open' ? open(dir) : saveAs(dir));
    } catch (caught) {
      const failure = describeError(caught);
      if (failure.code === 'NOT_SUPPORTED') prompt.value = { purpose };
      else error.value = failure.message;
    }
  }

  /** The typed path (and name) of the web-mode prompt. */
  function submitPrompt(dir: string, name?: string): Promise<boolean> {
    const purpose = prompt.value?.purpose;
    if (!purpose || !dir.trim()) return Promise.resolve(false);
    return purpose === 'open' ? open(dir) : saveAs(dir, name);
  }

  /** Open (a recent one, or one to ask for): first make sure unsaved changes may go. */
  async function requestOpen(dir?: string): Promise<void> {
    if (dirty.value) pendingOpen.value = { dir: dir ?? null };
    else await (dir ? open(dir) : askFolder('open'));
  }

  async function confirmOpen(): Promise<void> {
    const pending = pendingOpen.value;
    pendingOpen.value = null;
    if (pending) await (pending.dir ? open(pending.dir) : askFolder('open'));
  }

  /** Ctrl+S: into the open project, else where the user says. */
  const requestSave = () => (current.value ? save() : askFolder('save'));
  const requestSaveAs = () => askFolder('save');

  return {
    current, recent, busy, error, prompt, pendingOpen, pendingReplace, dirty,
    captureView, restoreView,
    start, save, saveAs, open, refreshRecent, forget, askFolder, submitPrompt, requestOpen, confirmOpen, requestSave, requestSaveAs,
    cancelPrompt: () => (prompt.value = null),
    cancelOpen: () => (pendingOpen.value = null),
    confirmReplace,
    cancelReplace: () => (pendingReplace.value = null),
  };
});
