import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPreset } from '../../../shared/domain/presets';
import type { Result } from '../../../shared/ipc';
import type { SweepProgress } from '../../../shared/ipc/compare';
import { forkTransport } from '../../jobs/transport';
import { createRouter, type Route } from '../router';
import { createHostServices, type HostServices } from '../services';
import { createHandlers } from '.';

let workspace: string;
let services: HostServices;
let route: Route;
let source: { datasetId: string; roles: { time: string | null; label: string | null; signals: string[] }; split: unknown; missing: string };
const progress: SweepProgress[] = [];

// the real host: DuckDB, the sample, and the compute process the app trains on
beforeAll(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'lens-compare-'));
  services = await createHostServices({ mode: 'web', workspaceDir: workspace, spawnCompute: () => forkTransport(), log: () => undefined });
  services.events.listen((event, payload) => event === 'sweep:progress' && progress.push(payload as SweepProgress));
  route = createRouter(createHandlers(services));
  const dataset = await ok<any>('datasets:openSample', {});
  const roleOf = (role: string) => dataset.columns.filter((c: any) => c.suggestedRole === role).map((c: any) => c.name);
  source = {
    datasetId: dataset.id,
    roles: { time: roleOf('time')[0] ?? null, label: 'label', signals: roleOf('signal') },
    split: { kind: 'chronological', train: 0.6, validation: 0.2, normalOnly: true },
    missing: 'forward-fill',
  };
});

afterAll(async () => {
  await services.close();
  await rm(workspace, { recursive: true, force: true });
});

async function ok<T>(channel: string, request: unknown): Promise<T> {
  const result = await route(channel, request);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

function ended(sweepId: string): Promise<SweepProgress> {
  return new Promise((resolve) => {
    const check = () => {
      const last = progress.find((p) => p.sweepId === sweepId && p.state !== 'running');
      if (last) resolve(last);
      else setTimeout(check, 50);
    };
    check();
  });
}

const small = { ...findPreset('dense-relu')!.config, hiddenLayers: [8, 4, 8], epochs: 1, patience: 0 };

describe('sweep:start', () => {
  it('trains every combination of a 2 x 2 grid one at a time and keeps each as a run', async () => {
    const grid = [
      { field: 'learningRate', values: [0.001, 0.01] },
      { field: 'batchSize', values: [32, 64] },
    ];
    const { sweepId, total } = await ok<{ sweepId: string; total: number }>('sweep:start', { ...source, model: small, grid });
    expect(total).toBe(4);
    // while it runs, a single training and a second sweep are refused as busy
    const training = await route('training:start', { ...source, model: small });
    expect(training).toMatchObject({ ok: false, error: { code: 'BUSY', message: expect.stringContaining('sweep is running') } });
    expect(await route('sweep:start', { ...source, model: small, grid })).toMatchObject({ ok: false, error: { code: 'BUSY' } });

    const last = await ended(sweepId);
    expect(last).toMatchObject({ state: 'done', done: 4, total: 4, failures: [], current: null, etaMs: 0 });
    const ours = progress.filter((p) => p.sweepId === sweepId);
    const finished = ours.map((p) => p.finishedRunId).filter((runId) => runId !== null);
    expect(finished).toHaveLength(4);
    // the runs in grid order, each announced as current while it trained
    const announced = new Map(ours.filter((p) => p.current).map((p) => [p.current!.index, p.current!.settings.map((s) => s.value)]));
    expect([...announced.keys()]).toEqual([0, 1, 2, 3]);
    expect([...announced.values()]).toEqual([
      [0.001, 32],
      [0.001, 64],
      [0.01, 32],
      [0.01, 64],
    ]);
    const models = finished.map((runId) => services.runs.get(runId!).result.model);
    expect(models.map((model) => 'batchSize' in model && [model.learningRate, model.batchSize])).toEqual([
      [0.001, 32],
      [0.001, 64],
      [0.01, 32],
      [0.01, 64],
    ]);
    expect(services.activeSweep).toBeNull();

    const compared = await ok<any[]>('compare:runs', { runIds: finished });
    expect(compared.map((run) => run.runId)).toEqual(finished);
    const [first] = compared;
    expect(first.settings).toContainEqual({ key: 'learningRate', label: 'learning rate', value: 0.001 });
    expect(first.settings).toContainEqual({ key: 'hiddenLayers', label: 'hidden layers', value: '8-4-8' });
    expect(first.history.loss).toBeInstanceOf(Float64Array);
    expect(first.history.loss).toHaveLength(1);
    // the sample has labels: every metric is there, and the best F1 bounds the rule's
    expect(first.metrics.rocAuc).toBeGreaterThan(0.5);
    expect(first.metrics.bestF1).toBeGreaterThanOrEqual(first.metrics.f1);
    const { edges, all, testNormal, testAnomaly } = first.scores;
    expect(edges).toHaveLength(all.length + 1);
    const sum = (counts: Float64Array) => counts.reduce((total, count) => total + count, 0);
    const record = services.runs.get(first.runId);
    expect(sum(all)).toBe(record.result.nRows);
    expect(sum(testNormal) + sum(testAnomaly)).toBe(record.testRows.length);
    expect(sum(testAnomaly)).toBe(Array.from(record.testRows).filter((row) => record.result.labels![row] === 1).length);

    // training is free again once the sweep ended
    const { jobId } = await ok<{ jobId: string }>('training:start', { ...source, model: small });
    await new Promise<void>((resolve) => services.events.listen((event, payload: any) => event === 'training:done' && payload.jobId === jobId && resolve()));
    expect(await ok<any[]>('compare:runs', {})).toHaveLength(5);
  });

  it('refuses a grid with a run that cannot train before any run starts, saying which', async () => {
    const before = services.runs.list().length;
    const outOfRange = await route('sweep:start', { ...source, model: small, grid: [{ field: 'learningRate', values: [0.01, 2] }] });
    expect(outOfRange).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^learning rate 2: /) } });
    const vae = { ...findPreset('vae-latent-8')!.config, epochs: 1 };
    const tooWide = (await route('sweep:start', { ...source, model: vae, grid: [{ field: 'latentSize', values: [4, 12] }] })) as Result<unknown>;
    expect(tooWide).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'run 2 of 2 (latent size 12): latent size must be smaller than the input size 9' },
    });
    const pca = findPreset('pca')!.config;
    expect(await route('sweep:start', { ...source, model: pca, grid: [{ field: 'epochs', values: [1] }] })).toMatchObject({
      ok: false,
      error: { message: 'a pca model has no epochs: choose one of its own settings' },
    });
    expect(services.runs.list()).toHaveLength(before);
    expect(services.activeSweep).toBeNull();
  });

  it('cancels the run in training and drops the rest of the queue', async () => {
    const before = services.runs.list().length;
    const slow = { ...small, epochs: 200, batchSize: 8 };
    const { sweepId } = await ok<{ sweepId: string }>('sweep:start', { ...source, model: slow, grid: [{ field: 'learningRate', values: [0.001, 0.002, 0.003] }] });
    expect(await ok('sweep:cancel', { sweepId: 'sweep_other' })).toEqual({ cancelled: false });
    expect(await ok('sweep:cancel', { sweepId })).toEqual({ cancelled: true });
    const last = await ended(sweepId);
    expect(last).toMatchObject({ state: 'cancelled', done: 0, failures: [] });
    expect(services.runs.list()).toHaveLength(before);
    expect(services.activeSweep).toBeNull();
  });
});

describe('compare:runs', () => {
  it('says which run it does not know', async () => {
    expect(await route('compare:runs', { runIds: ['run_gone'] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
