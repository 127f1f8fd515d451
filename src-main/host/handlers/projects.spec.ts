import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPreset } from '../../../shared/domain/presets';
import type { EventName } from '../../../shared/ipc';
import type { ProjectView } from '../../../shared/ipc/projects';
import { forkTransport } from '../../jobs/transport';
import { createRouter, type Route } from '../router';
import { createHostServices, type HostServices } from '../services';
import { createHandlers } from '.';

/** A host as the app runs it: its own workspace (DuckDB, stored datasets) and compute process. */
interface Host {
  workspace: string;
  services: HostServices;
  route: Route;
  events: Array<{ event: EventName; payload: any }>;
}

async function startHost(prefix: string): Promise<Host> {
  const workspace = await mkdtemp(path.join(os.tmpdir(), prefix));
  const services = await createHostServices({ mode: 'web', workspaceDir: workspace, spawnCompute: () => forkTransport(), log: () => undefined });
  const events: Host['events'] = [];
  services.events.listen((event, payload) => events.push({ event, payload }));
  return { workspace, services, route: createRouter(createHandlers(services)), events };
}

async function ok(host: Host, channel: string, request: unknown): Promise<any> {
  const result = await host.route(channel, request);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

async function failure(host: Host, channel: string, request: unknown) {
  const result = await host.route(channel, request);
  if (result.ok) throw new Error(`${channel} should have failed`);
  return result.error;
}

function trained(host: Host, jobId: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const end = host.events.find((e) => (e.event === 'training:done' || e.event === 'training:failed') && e.payload.jobId === jobId);
      if (!end) setTimeout(check, 50);
      else if (end.event === 'training:done') resolve(end.payload.runId);
      else reject(new Error(end.payload.error.message));
    };
    check();
  });
}

let first: Host;
let second: Host;
let projectsRoot: string;
let dataset: any;
let runIds: string[];
let view: ProjectView;

// Two hosts with separate workspaces: the project folder is all the second one gets.
beforeAll(async () => {
  [first, second] = await Promise.all([startHost('lens-project-a-'), startHost('lens-project-b-')]);
  projectsRoot = await mkdtemp(path.join(os.tmpdir(), 'lens-projects-'));
  dataset = await ok(first, 'datasets:openSample', {});
  const roleOf = (role: string) => dataset.columns.filter((c: any) => c.suggestedRole === role).map((c: any) => c.name);
  const roles = { time: roleOf('time')[0] ?? null, label: 'label', signals: roleOf('signal') };
  const split = { kind: 'chronological', train: 0.6, validation: 0.2, normalOnly: true };
  runIds = [];
  for (const model of [findPreset('pca')!.config, { ...findPreset('dense-relu')!.config, hiddenLayers: [8, 4, 8], epochs: 2, patience: 0 }]) {
    const { jobId } = await ok(first, 'training:start', { datasetId: dataset.id, roles, model, split, missing: 'forward-fill' });
    runIds.push(await trained(first, jobId));
  }
  // the user's own threshold and post-rules: what reopening must keep
  await ok(first, 'results:setThreshold', { runId: runIds[0], rule: { kind: 'percentile', p: 98 }, alarms: { mergeGap: 3, minAlarms: 2, window: 5 } });
  view = {
    step: 'explain',
    datasetId: dataset.id,
    roleOf: Object.fromEntries(dataset.columns.map((c: any) => [c.name, c.suggestedRole])),
    splitForm: { kind: 'chronological', train: '0.6', validation: '0.2', normalOnly: true },
    missing: 'forward-fill',
    presetName: 'pca',
    modelForm: { epochs: null, scaler: 'standard', smoothingRows: '60' },
    runId: runIds[0]!,
    selectedEvent: 0,
    explain: { rowStart: 10, rowEnd: 500, sortByError: true, normalised: true, pinned: [roles.signals[0]!] },
    compareChecked: [...runIds, 'run_gone'],
    reportSections: ['dataset', 'metrics'],
  };
}, 300_000);

afterAll(async () => {
  for (const host of [first, second]) {
    await host?.services.close();
    if (host) await rm(host.workspace, { recursive: true, force: true });
  }
  await rm(projectsRoot, { recursive: true, force: true });
});

describe('projects:save and projects:open', () => {
  const projectDir = () => path.join(projectsRoot, 'pump study');

  it('reopens in a fresh workspace with identical runs, thresholds, explanations, data and imported models', async () => {
    // a model imported from another folder belongs to the project from then on
    const exportedTo = path.join(projectsRoot, 'exported pca');
    await ok(first, 'models:export', { runId: runIds[0], dir: exportedTo });
    const imported = await ok(first, 'models:import', { dir: exportedTo });
    const saved = await ok(first, 'projects:save', { dir: projectDir(), view });
    await rm(exportedTo, { recursive: true });
    expect(saved).toMatchObject({ dir: projectDir(), name: 'pump study' });
    // a reloaded page gets the view back with the project
    expect(await ok(first, 'projects:current', {})).toEqual({ ...saved, view: { ...view, compareChecked: runIds } });

    const opened = await ok(second, 'projects:open', { dir: projectDir() });
    // a run compared before but gone is not kept; everything else comes back as it was
    expect(opened).toEqual({ ...saved, view: { ...view, compareChecked: runIds }, runIds, migratedFrom: null });

    for (const runId of runIds) {
      const before = await ok(first, 'results:get', { runId });
      const after = await ok(second, 'results:get', { runId });
      expect(after).toEqual(before);
      expect(Array.from(after.scores)).toEqual(Array.from(before.scores));
      const heatmap = { runId, rowStart: 0, rowEnd: before.nRows, width: 300, sortByError: true, normalised: true };
      expect(await ok(second, 'results:heatmap', heatmap)).toEqual(await ok(first, 'results:heatmap', heatmap));
      expect(await ok(second, 'results:thresholdCurve', { runId })).toEqual(await ok(first, 'results:thresholdCurve', { runId }));
    }
    const withRules = await ok(second, 'results:get', { runId: runIds[0] });
    expect(withRules.threshold.rule).toEqual({ kind: 'percentile', p: 98 });
    expect(withRules.threshold.alarms).toEqual({ mergeGap: 3, minAlarms: 2, window: 5 });
    expect(withRules.threshold.events.length).toBeGreaterThan(0);
    const explain = { runId: runIds[0], eventIndex: withRules.threshold.events[0].index };
    expect(await ok(second, 'results:explainEvent', explain)).toEqual(await ok(first, 'results:explainEvent', explain));

    // the dataset reads from the project folder: the second workspace never imported it
    expect(await ok(second, 'datasets:get', { datasetId: dataset.id })).toEqual(await ok(first, 'datasets:get', { datasetId: dataset.id }));
    const page = { datasetId: dataset.id, offset: 100, limit: 50 };
    expect(await ok(second, 'datasets:rows', page)).toEqual(await ok(first, 'datasets:rows', page));
    expect((await ok(second, 'compare:runs', {})).map((run: any) => run.runId).sort()).toEqual([...runIds].sort());
    expect(await ok(second, 'models:loaded', {})).toEqual([
      { ...imported, dir: path.join(projectDir(), 'models', imported.modelId) },
    ]);
  });

  it('saves again in place writing only what changed, and a threshold change survives', async () => {
    const runFolder = path.join(projectDir(), 'runs', runIds[1]!);
    const before = await stat(path.join(runFolder, 'run.msgpack'));
    await ok(second, 'results:setThreshold', { runId: runIds[1], rule: { kind: 'manual', value: 0.5 } });
    const saved = await ok(second, 'projects:save', { view: { ...view, step: 'results', runId: runIds[1] } });
    expect(saved.dir).toBe(projectDir());
    // runs are written once: the threshold lives in project.json
    expect((await stat(path.join(runFolder, 'run.msgpack'))).ino).toBe(before.ino);

    const third = await startHost('lens-project-c-');
    try {
      const opened = await ok(third, 'projects:open', { dir: projectDir() });
      expect(opened.view.step).toBe('results');
      const run = await ok(third, 'results:get', { runId: runIds[1] });
      expect(run.threshold.rule).toEqual({ kind: 'manual', value: 0.5 });
      expect(run.threshold.value).toBe(0.5);
    } finally {
      await third.services.close();
      await rm(third.workspace, { recursive: true, force: true });
    }
  });

  it('lists recent projects, newest first, and marks a folder that is gone', async () => {
    const other = path.join(projectsRoot, 'second copy');
    await ok(second, 'projects:save', { dir: other, name: 'Pump study (copy)', view });
    let recent = await ok(second, 'projects:recent', {});
    expect(recent.map((entry: any) => [entry.name, entry.available])).toEqual([
      ['Pump study (copy)', true],
      ['pump study', true],
    ]);
    await rm(other, { recursive: true });
    recent = await ok(second, 'projects:recent', {});
    expect(recent[0]).toMatchObject({ dir: other, available: false });
    recent = await ok(second, 'projects:forget', { dir: other });
    expect(recent.map((entry: any) => entry.dir)).toEqual([projectDir()]);
  });

  it('removes runs the session no longer holds, and the half-written leftovers of a killed save', async () => {
    const dir = path.join(projectsRoot, 'pruned');
    await ok(first, 'projects:save', { dir, view });
    const leftover = path.join(dir, 'runs', `${runIds[0]}.partial-0123456789ab`);
    await mkdir(leftover);
    await writeFile(path.join(leftover, 'run.msgpack'), 'half');
    first.services.runs.replace(first.services.runs.list().filter((record) => record.result.runId === runIds[0]));
    await ok(first, 'projects:save', { view: { ...view, compareChecked: [] } });
    expect(await readdir(path.join(dir, 'runs'))).toEqual([runIds[0]]);
    const manifest = JSON.parse(await readFile(path.join(dir, 'project.json'), 'utf8'));
    expect(manifest.runs.map((run: any) => run.runId)).toEqual([runIds[0]]);
  });

  it('asks before a Save as replaces another project, and saves into a folder a killed first save left', async () => {
    const other = path.join(projectsRoot, 'other study');
    await ok(second, 'projects:save', { dir: other, view });
    await ok(second, 'projects:open', { dir: projectDir() });
    const refused = await failure(second, 'projects:save', { dir: other, view });
    expect(refused).toMatchObject({ code: 'CONFLICT', message: `${other} holds another project: saving there replaces it` });
    expect((await ok(second, 'projects:save', { dir: other, view, replace: true })).dir).toBe(other);

    // a first save killed after its dataset folder, before project.json
    const killed = path.join(projectsRoot, 'killed first save');
    await mkdir(path.join(killed, 'datasets', `${dataset.id}.partial-0123456789ab`), { recursive: true });
    await writeFile(path.join(killed, 'project.json.0123456789ab.tmp'), '{"half');
    await ok(second, 'projects:save', { dir: killed, view });
    expect(await readdir(killed)).toContain('project.json');
    expect((await readdir(killed)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(await readdir(path.join(killed, 'datasets'))).toEqual([dataset.id]);
    expect(JSON.parse(await readFile(path.join(killed, 'project.json'), 'utf8')).datasets.map((d: any) => d.id)).toEqual([dataset.id]);
  });

  it('refuses what it cannot do, naming the folder or file', async () => {
    const full = path.join(projectsRoot, 'holiday photos');
    await mkdir(full);
    await writeFile(path.join(full, 'beach.jpg'), 'not a project');
    const refused = await failure(first, 'projects:save', { dir: full, view });
    expect(refused.message).toContain(`${full} is not empty and holds no Anomaly Lens project`);
    expect(await readdir(full)).toEqual(['beach.jpg']);

    expect((await failure(first, 'projects:open', { dir: full })).message).toBe(
      `${path.join(full, 'project.json')} is missing: ${full} is not an Anomaly Lens project folder`,
    );
    expect((await failure(first, 'projects:save', { dir: projectDir(), view: { ...view, runId: 'run_unknown' } })).message).toContain(
      'the view shows run run_unknown',
    );
    const newer = path.join(projectsRoot, 'from the future');
    await mkdir(newer);
    await writeFile(path.join(newer, 'project.json'), JSON.stringify({ format: 'anomaly-lens-project', version: 99 }));
    expect((await failure(first, 'projects:open', { dir: newer })).message).toContain('was saved by a newer Anomaly Lens (project version 99');
    expect((await failure(first, 'projects:pickFolder', { purpose: 'open' })).code).toBe('NOT_SUPPORTED');
  });
});
