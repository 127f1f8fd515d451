// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ExplainView from '../views/ExplainView.vue';
import { useAppStore } from './app';
import { setBridge } from './client';
import { useCompareStore } from './compare';
import { useDatasetStore } from './datasets';
import { useExplainStore } from './explain';
import { useModelStore } from './models';
import { usePrepStore } from './prep';
import { stepAfterRestore } from './project-view';
import { useProjectStore } from './projects';
import { useReportStore } from './reports';
import { useResultsStore } from './results';
import { fakeProjectHost } from './test-project-host';

// ECharts needs a real canvas; the stores and the view's requests are what is tested here.
vi.mock('../components/EChart.vue', () => ({
  default: { name: 'EChart', props: ['option', 'height', 'dragLine'], emits: ['resize', 'zoom', 'click', 'plotClick'], render: () => null },
}));

let fake: ReturnType<typeof fakeProjectHost>;
beforeEach(() => {
  setActivePinia(createPinia());
  fake = fakeProjectHost();
  setBridge(fake.bridge);
});
afterEach(() => setBridge(null));

/** A session worked on in every step: each value differs from what a fresh session would show. */
async function workOnSession(): Promise<void> {
  const datasets = useDatasetStore();
  await datasets.reopen('ds');
  datasets.setRole('c', 'ignore');
  const prep = usePrepStore();
  prep.splitForm = { ...prep.splitForm, train: '0.5', validation: '0.25' };
  prep.missing = 'mean-fill';
  const models = useModelStore();
  await models.loadPresets();
  models.choosePreset('deep-tanh');
  models.form!.epochs = '7';
  const results = useResultsStore();
  await results.load('run-2');
  await results.setThreshold({ kind: 'manual', value: 0.5 });
  await results.selectEvent(1);
  const explain = useExplainStore();
  explain.sortByError = false;
  explain.normalised = true;
  explain.togglePin('b');
  await explain.loadHeatmap({ rowStart: 2, rowEnd: 5, width: 300 });
  const compare = useCompareStore();
  await compare.load();
  compare.toggle('run-1');
  useReportStore().sections = ['metrics', 'events'];
  useAppStore().go('explain');
  await flushPromises();
}

/** A page reload: every store starts afresh, the host keeps what it had. */
function freshRenderer() {
  setActivePinia(createPinia());
  return useProjectStore();
}

describe('projects store', () => {
  it('saves the view of every store and reopens it identically in a fresh renderer', async () => {
    await workOnSession();
    const projects = useProjectStore();
    expect(await projects.saveAs(' /p/pump ', 'Pump station')).toBe(true);

    const view = fake.saved.get('/p/pump')!.view;
    expect(view).toMatchObject({
      step: 'explain',
      datasetId: 'ds',
      roleOf: { time: 'time', a: 'signal', b: 'signal', c: 'ignore', label: 'label' },
      missing: 'mean-fill',
      presetName: 'deep-tanh',
      runId: 'run-2',
      selectedEvent: 1,
      explain: { rowStart: 2, rowEnd: 5, sortByError: false, normalised: true, pinned: ['b'] },
      compareChecked: ['run-1'],
      reportSections: ['metrics', 'events'],
    });
    expect(view.splitForm).toMatchObject({ train: '0.5', validation: '0.25' });
    expect(view.modelForm).toMatchObject({ epochs: '7' });
    expect(projects.current).toMatchObject({ dir: '/p/pump', name: 'Pump station' });

    const reopened = freshRenderer();
    expect(useExplainStore().normalised).toBe(false);
    expect(await reopened.open('/p/pump')).toBe(true);
    expect(reopened.captureView()).toEqual(view);
    expect(useResultsStore().run?.threshold.value).toBe(0.5);
    expect(useResultsStore().explanation?.eventIndex).toBe(1);
    expect(useDatasetStore().roles.signals).toEqual(['a', 'b']);
    expect(reopened.current).toMatchObject({ dir: '/p/pump', name: 'Pump station' });
    expect(reopened.dirty).toBe(false);
  });

  it("lets the restored rows win over the Explain view's first heatmap request", async () => {
    await workOnSession();
    await useProjectStore().saveAs('/p/pump');
    const reopened = freshRenderer();
    await reopened.open('/p/pump');

    const wrapper = mount(ExplainView);
    wrapper.findComponent({ name: 'EChart' }).vm.$emit('resize', { width: 544, height: 360 });
    await flushPromises();
    expect(fake.last('results:heatmap')).toEqual({ runId: 'run-2', rowStart: 2, rowEnd: 5, width: 400, sortByError: false, normalised: true });
    expect(wrapper.find('[data-testid="heatmap"]').attributes('data-normalised')).toBe('yes');
    expect(wrapper.find('[data-testid="event-1"]').classes()).toContain('selected');
  });

  it('asks again for the saved rows when the Explain view is on screen while the project opens', async () => {
    await workOnSession();
    await useProjectStore().saveAs('/p/pump');
    const wrapper = mount(ExplainView);
    wrapper.findComponent({ name: 'EChart' }).vm.$emit('resize', { width: 394, height: 360 });
    await useExplainStore().loadHeatmap({ rowStart: 0, rowEnd: 6, width: 250 });
    await flushPromises();
    const asked = fake.calls.length;
    await useProjectStore().open('/p/pump');
    await flushPromises();
    // the view asks for the whole file of the run it sees arrive; the saved rows are asked last
    const heatmaps = fake.calls.slice(asked).filter((call) => call.channel === 'results:heatmap');
    expect(heatmaps.at(0)?.request).toMatchObject({ rowStart: 0, rowEnd: 6 });
    expect(heatmaps.at(-1)?.request).toMatchObject({ rowStart: 2, rowEnd: 5, width: 250, normalised: true });
    expect(useExplainStore().view).toEqual({ rowStart: 2, rowEnd: 5, width: 250 });
    expect(useExplainStore().heatmap).toMatchObject({ rowStart: 2, rowEnd: 5 });
  });

  it('counts a new threshold as unsaved, a save as saved, and moving between steps as no change', async () => {
    await workOnSession();
    const projects = useProjectStore();
    expect(projects.dirty).toBe(true); // work that is in no project yet
    await projects.saveAs('/p/pump');
    expect(projects.dirty).toBe(false);
    useAppStore().go('results');
    expect(projects.dirty).toBe(false);
    await useResultsStore().setThreshold({ kind: 'manual', value: 0.7 });
    expect(projects.dirty).toBe(true);
    expect(await projects.save()).toBe(true);
    expect(fake.last('projects:save')).toMatchObject({ view: { step: 'results' } });
    expect(fake.last('projects:save')).not.toHaveProperty('dir');
    expect(projects.dirty).toBe(false);
  });

  it("shows the host's message when a folder is not a project, and leaves the session alone", async () => {
    await workOnSession();
    const projects = useProjectStore();
    expect(await projects.open('/tmp/nothing')).toBe(false);
    expect(projects.error).toBe('/tmp/nothing/project.json is not an Anomaly Lens project: no such file');
    expect(useResultsStore().run?.runId).toBe('run-2');
    expect(projects.current).toBeNull();
  });

  it('keeps only the fields the forms know from a hand-edited project', async () => {
    await workOnSession();
    await useProjectStore().saveAs('/p/pump');
    const stored = fake.saved.get('/p/pump')!;
    stored.view = {
      ...stored.view,
      splitForm: { ...stored.view.splitForm, kind: 'sideways', bogus: 'x' },
      modelForm: { ...stored.view.modelForm, epochs: 12 as never, dropout: '0.3', activation: 'sigmoid', windowLength: '9' },
    };
    const reopened = freshRenderer();
    await reopened.open('/p/pump');
    const prep = usePrepStore();
    const models = useModelStore();
    expect(prep.splitForm.kind).toBe('chronological');
    expect(prep.splitForm).not.toHaveProperty('bogus');
    expect(prep.splitForm.train).toBe('0.5');
    // deep-tanh's own values where the saved ones do not fit; a field the family lacks stays absent
    const preset = models.presets.find((p) => p.name === 'deep-tanh')!.config as { epochs: number; activation: string };
    expect(models.form).toMatchObject({ epochs: String(preset.epochs), activation: preset.activation, windowLength: null });
  });

  it('a reloaded page shows the open project with its views, so a Save keeps them; Save with no project asks for a folder', async () => {
    await workOnSession();
    await useProjectStore().saveAs('/p/pump', 'Pump');
    const savedView = fake.saved.get('/p/pump')!.view;

    const projects = freshRenderer();
    await projects.start();
    expect(projects.current?.name).toBe('Pump');
    expect(useDatasetStore().summary?.id).toBe('ds');
    expect(useResultsStore().run?.runId).toBe('run-2');
    expect(projects.captureView()).toEqual(savedView);
    expect(projects.dirty).toBe(false);
    await projects.requestSave();
    expect(fake.saved.get('/p/pump')!.view).toEqual(savedView);

    fake.host.current = null;
    const fresh = freshRenderer();
    useAppStore().info = { mode: 'web' } as never;
    await fresh.requestSave();
    expect(fresh.prompt).toEqual({ purpose: 'save' });
    expect(fake.calls.some((call) => call.channel === 'projects:pickFolder')).toBe(false);
  });
});

describe('stepAfterRestore', () => {
  it('shows the Results of a run for a saved Train step without a live job, and falls back without a run', () => {
    expect(stepAfterRestore('train', { hasDataset: true, hasRun: true, training: false })).toBe('results');
    expect(stepAfterRestore('train', { hasDataset: true, hasRun: true, training: true })).toBe('train');
    expect(stepAfterRestore('train', { hasDataset: true, hasRun: false, training: false })).toBe('model');
    expect(stepAfterRestore('explain', { hasDataset: true, hasRun: false, training: false })).toBe('model');
    expect(stepAfterRestore('model', { hasDataset: false, hasRun: false, training: false })).toBe('data');
    expect(stepAfterRestore('compare', { hasDataset: false, hasRun: false, training: false })).toBe('compare');
    expect(stepAfterRestore('explain', { hasDataset: true, hasRun: true, training: false })).toBe('explain');
  });
});
