import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPreset } from '../../../shared/domain/presets';
import type { EventName } from '../../../shared/ipc';
import { forkTransport } from '../../jobs/transport';
import { createRouter, type Route } from '../router';
import { createHostServices, type HostServices } from '../services';
import { createHandlers } from '.';

let workspace: string;
let services: HostServices;
let route: Route;
let dataset: any;
let roles: { time: string | null; label: string | null; signals: string[] };
const events: Array<{ event: EventName; payload: any }> = [];

// the real host: DuckDB, the sample, and the compute process the app trains and scores on
beforeAll(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'lens-saved-models-'));
  services = await createHostServices({ mode: 'web', workspaceDir: workspace, spawnCompute: () => forkTransport(), log: () => undefined });
  services.events.listen((event, payload) => events.push({ event, payload }));
  route = createRouter(createHandlers(services));
  dataset = await ok('datasets:openSample', {});
  const roleOf = (role: string) => dataset.columns.filter((c: any) => c.suggestedRole === role).map((c: any) => c.name);
  roles = { time: roleOf('time')[0] ?? null, label: 'label', signals: roleOf('signal') };
});

afterAll(async () => {
  await services.close();
  await rm(workspace, { recursive: true, force: true });
});

async function ok(channel: string, request: unknown): Promise<any> {
  const result = await route(channel, request);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

async function failure(channel: string, request: unknown) {
  const result = await route(channel, request);
  if (result.ok) throw new Error(`${channel} should have failed`);
  return result.error;
}

/** The job's end: training:done with its run id, or training:failed with its error. */
function ended(jobId: string): Promise<{ event: EventName; payload: any }> {
  return new Promise((resolve) => {
    const check = () => {
      const end = events.find((e) => (e.event === 'training:done' || e.event === 'training:failed') && e.payload.jobId === jobId);
      if (end) resolve(end);
      else setTimeout(check, 50);
    };
    check();
  });
}

const small = { ...findPreset('dense-relu')!.config, hiddenLayers: [8, 4, 8], epochs: 2, patience: 0 };

describe('models:export, models:import and models:score', () => {
  let trainedRunId: string;
  const modelDir = () => path.join(workspace, 'exported', 'dense');

  it('exports a trained run, imports it and scores the dataset as the run did, without training', async () => {
    const { jobId } = await ok('training:start', {
      datasetId: dataset.id,
      roles,
      model: small,
      split: { kind: 'chronological', train: 0.6, validation: 0.2, normalOnly: true },
      missing: 'forward-fill',
    });
    const trainedEnd = await ended(jobId);
    expect(trainedEnd.event).toBe('training:done');
    trainedRunId = trainedEnd.payload.runId;
    const trained = await ok('results:get', { runId: trainedRunId });

    expect(await ok('models:export', { runId: trainedRunId, dir: modelDir() })).toEqual({ dir: modelDir() });
    const loaded = await ok('models:import', { dir: modelDir() });
    expect(loaded).toMatchObject({ dir: modelDir(), preset: small.preset, family: 'dense', signals: roles.signals, threshold: { rule: trained.threshold.rule, value: trained.threshold.value } });
    expect(await ok('models:loaded', {})).toEqual([loaded]);

    const scoring = await ok('models:score', { modelId: loaded.modelId, datasetId: dataset.id, roles: { time: roles.time, label: 'label' }, missing: 'forward-fill' });
    const scoredEnd = await ended(scoring.jobId);
    expect(scoredEnd.event, JSON.stringify(scoredEnd.payload)).toBe('training:done');
    expect(events.some((e) => e.event === 'training:progress' && e.payload.jobId === scoring.jobId && e.payload.phase === 'scoring')).toBe(true);
    const scored = await ok('results:get', { runId: scoredEnd.payload.runId });
    expect(scored).toMatchObject({ trainSeconds: 0, epochsRun: 0, history: { loss: [], valLoss: [] }, nRows: trained.nRows, featureErrors: true });
    expect(scored.threshold.rule).toEqual(trained.threshold.rule);
    expect(scored.threshold.value).toBe(trained.threshold.value);
    let worst = 0;
    scored.scores.forEach((score: number, row: number) => (worst = Math.max(worst, Math.abs(score - trained.scores[row]))));
    expect(worst).toBeLessThan(1e-6);
    // every scored row is a test row: the metrics count them all
    const m = scored.threshold.metrics;
    expect(m.tp + m.fp + m.tn + m.fn).toBe(trained.nRows);
    // the Explain view's data comes from the scored run's own errors
    const heatmap = await ok('results:heatmap', { runId: scored.runId, rowStart: 0, rowEnd: scored.nRows, width: 50, sortByError: true, normalised: true });
    expect(heatmap).toBeTruthy();
    // the model folder kept the training rows' scores: the rules that learn from them work on the scored file
    const again = await ok('results:setThreshold', { runId: scored.runId, rule: trained.threshold.rule });
    expect(again.value).toBe(trained.threshold.value);
    const sigma = await ok('results:setThreshold', { runId: scored.runId, rule: { kind: 'mean-k-sigma', k: 3 } });
    expect(sigma.value).toBe((await ok('results:setThreshold', { runId: trained.runId, rule: { kind: 'mean-k-sigma', k: 3 } })).value);
  });

  it('names the broken file, refuses a dataset without the model\'s signals and an unknown model', async () => {
    const notAModel = path.join(workspace, 'not-a-model');
    const error = await failure('models:import', { dir: notAModel });
    expect(error).toMatchObject({ code: 'BAD_REQUEST', message: `${path.join(notAModel, 'model.json')} is missing: not an Anomaly Lens model folder` });

    const csv = path.join(workspace, 'other.csv');
    await writeFile(csv, `x,y\n${Array.from({ length: 50 }, (_, i) => `${i},${i * 2}`).join('\n')}\n`);
    const other = await ok('datasets:open', { path: csv });
    const loaded = await ok('models:import', { dir: modelDir() });
    const wrong = await failure('models:score', { modelId: loaded.modelId, datasetId: other.id, roles: { time: null, label: null }, missing: 'forward-fill' });
    expect(wrong.code).toBe('BAD_REQUEST');
    expect(wrong.message).toBe(`${csv} lacks the model's signal columns: ${roles.signals.join(', ')}`);

    expect(await failure('models:score', { modelId: 'model_nope', datasetId: other.id, roles: { time: null, label: null }, missing: 'forward-fill' })).toMatchObject({ code: 'NOT_FOUND' });
  });
});
