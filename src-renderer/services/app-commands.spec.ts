// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LensBridge } from '../../shared/ipc';
import { runResult } from '../views/test-run';
import { useAppStore } from './app';
import { useAppCommands } from './app-commands';
import { setBridge } from './client';
import { useCompareStore } from './compare';
import { useDatasetStore } from './datasets';
import { useProjectStore } from './projects';
import { useTrainingStore } from './training';

/** A bridge that records requests, answers a few, and lets a test push the desktop app's events. */
function fakeBridge(answers: Record<string, unknown> = {}, pathForFile?: (file: object) => string | null) {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const calls: Array<{ channel: string; request: any }> = [];
  const bridge: LensBridge = {
    async invoke(channel, request) {
      calls.push({ channel, request });
      if (channel in answers) return { ok: true, value: answers[channel] } as never;
      return { ok: false, error: { code: 'NOT_SUPPORTED', message: `${channel} is not answered here` } } as never;
    },
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    ...(pathForFile ? { pathForFile } : {}),
  };
  const push = async (event: string, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
    await flushPromises();
  };
  const channels = () => calls.map((call) => call.channel);
  return { bridge, calls, push, channels };
}

let fake: ReturnType<typeof fakeBridge>;
function start(answers: Record<string, unknown> = {}, pathForFile?: (file: object) => string | null, mode: 'electron' | 'web' = 'electron') {
  setActivePinia(createPinia());
  fake = fakeBridge(answers, pathForFile);
  setBridge(fake.bridge);
  useAppStore().info = { mode } as never;
  const commands = useAppCommands();
  commands.listen();
  return commands;
}
beforeEach(() => localStorage.clear());
afterEach(() => setBridge(null));

describe('menu commands', () => {
  it('toggle the theme and open the native dialogs through the same store actions as the header', async () => {
    start({ 'app:pickFile': { path: null }, 'projects:pickFolder': { dir: null } });
    const app = useAppStore();
    await fake.push('app:menuCommand', { command: 'toggleTheme' });
    expect(app.theme).toBe('dark');
    app.go('results');
    await fake.push('app:menuCommand', { command: 'openDataset' });
    expect(app.step).toBe('data');
    expect(fake.channels()).toEqual(['app:pickFile']);
    await fake.push('app:menuCommand', { command: 'saveProjectAs' });
    expect(fake.calls.at(-1)).toEqual({ channel: 'projects:pickFolder', request: { purpose: 'save' } });
    await fake.push('app:menuCommand', { command: 'openProject' });
    expect(fake.calls.at(-1)).toEqual({ channel: 'projects:pickFolder', request: { purpose: 'open' } });
  });

  it('opens a recent project by its folder, asking first when there is unsaved work', async () => {
    start();
    await fake.push('app:menuCommand', { command: 'openProject', path: '/work/pumps.anomalylens' });
    expect(fake.calls.at(-1)).toEqual({ channel: 'projects:open', request: { dir: '/work/pumps.anomalylens' } });

    start();
    useDatasetStore().summary = { id: 'ds', name: 'unsaved.csv' } as never;
    await fake.push('app:menuCommand', { command: 'openProject', path: '/work/other' });
    expect(fake.channels()).not.toContain('projects:open');
    expect(useProjectStore().pendingOpen).toEqual({ dir: '/work/other' });
  });

  it('says why Train or Export report cannot run instead of doing nothing', async () => {
    start();
    const app = useAppStore();
    await fake.push('app:menuCommand', { command: 'train' });
    expect(app.notice).toBe('Import a dataset on the Data step first.');
    expect(fake.channels()).not.toContain('training:start');
    await fake.push('app:menuCommand', { command: 'exportReport' });
    expect(app.notice).toMatch(/^A report describes a run/);
    expect(app.step).toBe('data');
  });

  it('cancels the training that runs, else the sweep', async () => {
    start({ 'training:cancel': { cancelled: true }, 'sweep:cancel': { cancelled: true } });
    const training = useTrainingStore();
    training.state = 'running';
    training.jobId = 'job-1';
    await fake.push('app:menuCommand', { command: 'cancel' });
    expect(fake.calls.at(-1)).toEqual({ channel: 'training:cancel', request: { jobId: 'job-1' } });
    expect(training.state).toBe('cancelled');
    const compare = useCompareStore();
    compare.sweepState = 'running';
    compare.sweepId = 'sweep-1';
    await fake.push('app:menuCommand', { command: 'cancel' });
    expect(fake.calls.at(-1)).toEqual({ channel: 'sweep:cancel', request: { sweepId: 'sweep-1' } });
  });
});

describe('paths from the OS', () => {
  it('open a data file on the Data step, a project as the project, and explain anything else', async () => {
    start();
    const app = useAppStore();
    app.go('compare');
    await fake.push('app:openPath', { kind: 'dataset', path: '/data/pumps.csv', message: null });
    expect(app.step).toBe('data');
    expect(fake.calls.at(-1)).toEqual({ channel: 'datasets:inspect', request: { path: '/data/pumps.csv' } });
    await fake.push('app:openPath', { kind: 'project', path: '/work/pumps.anomalylens', message: null });
    expect(fake.calls.at(-1)).toEqual({ channel: 'projects:open', request: { dir: '/work/pumps.anomalylens' } });
    await fake.push('app:openPath', { kind: 'unsupported', path: '/x/notes.docx', message: 'notes.docx is none of these.' });
    expect(app.notice).toBe('notes.docx is none of these.');
  });

  it('wait for an import to end before opening another file', async () => {
    start();
    useDatasetStore().importState = 'running';
    await fake.push('app:openPath', { kind: 'dataset', path: '/data/b.csv', message: null });
    expect(fake.channels()).not.toContain('datasets:inspect');
    expect(useAppStore().notice).toContain('An import is running');
  });

  it('show the run of a clicked notification', async () => {
    start({ 'results:get': runResult({ runId: 'run-9' }) });
    await fake.push('app:showRun', { step: 'results', runId: 'run-9' });
    expect(fake.calls[0]).toEqual({ channel: 'results:get', request: { runId: 'run-9' } });
    expect(useAppStore().step).toBe('results');
    await fake.push('app:showRun', { step: 'compare', runId: null });
    expect(useAppStore().step).toBe('compare');
  });
});

describe('drops on the window', () => {
  const file = (name: string) => new File(['a,b\n1,2\n'], name);

  it('open a data file by the path the preload knows, without asking the host what it is', async () => {
    const commands = start({}, (dropped) => `/data/${(dropped as File).name}`);
    await commands.openDropped(file('pumps.tsv.gz'));
    expect(fake.calls).toEqual([{ channel: 'datasets:inspect', request: { path: '/data/pumps.tsv.gz' } }]);
  });

  it('ask the host about a folder, and open a project', async () => {
    const commands = start({ 'app:classifyPath': { kind: 'project', path: '/data/pumps', message: null } }, () => '/data/pumps/project.json');
    await commands.openDropped(file('project.json'));
    expect(fake.calls).toEqual([
      { channel: 'app:classifyPath', request: { path: '/data/pumps/project.json' } },
      { channel: 'projects:open', request: { dir: '/data/pumps' } },
    ]);
  });

  it('in a browser: no path, so the Data step says to type it', async () => {
    const commands = start({}, undefined, 'web');
    useAppStore().go('model');
    await commands.openDropped(file('pumps.csv'));
    expect(fake.calls).toEqual([]);
    expect(useAppStore().step).toBe('data');
    expect(useDatasetStore().error?.message).toContain('pumps.csv: a browser does not tell where');
  });
});
