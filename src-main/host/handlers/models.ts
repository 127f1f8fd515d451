import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { isNeural, modelConfigSchema } from '../../../shared/domain/model-config';
import { modelConfigIssues } from '../../../shared/domain/model-validation';
import { presets } from '../../../shared/domain/presets';
import type { DescribeRequest, DescribeResponse, ScoreRequest } from '../../../shared/ipc/models';
import { parameterCount } from '../../ml/detectors/parameter-count';
import { samplesPerEpoch, totalEpochs } from '../../ml/estimate-plan';
import { writeModelDir } from '../../ml/model-file';
import { newId } from '../ids';
import type { LoadedModels } from '../loaded-models';
import type { Handlers } from '../router';
import { savedModelOf } from '../run-builder';
import { prepareScoringData, scoreRun } from '../score-run';
import type { HostServices } from '../services';
import { assertIdle } from '../train-run';
import { announceJob, progressRelay } from './training';

export async function describeModel(services: Pick<HostServices, 'compute'>, request: DescribeRequest): Promise<DescribeResponse> {
  const issues = modelConfigIssues(request.config, {
    inputSize: request.inputSize,
    trainingRows: request.trainingRows ?? undefined,
    hasLabels: request.hasLabels ?? undefined,
    signals: request.signals ?? undefined,
  });
  const parsed = modelConfigSchema.safeParse(request.config);
  if (!parsed.success) {
    return { issues, parameterCount: null, epochs: null, samplesPerEpoch: null, estimatedEpochMs: null, estimateNote: 'fix the fields above first' };
  }
  const config = parsed.data;
  const rows = request.trainingRows;
  const response: DescribeResponse = {
    issues,
    parameterCount: parameterCount(config, request.inputSize),
    epochs: totalEpochs(config),
    samplesPerEpoch: rows === null ? null : samplesPerEpoch(config, rows),
    estimatedEpochMs: null,
    estimateNote: null,
  };
  if (!isNeural(config)) return { ...response, estimateNote: 'fits in one pass, no epochs' };
  if (!request.measure) return { ...response, estimateNote: 'not measured yet' };
  if (issues.some((issue) => issue.severity === 'error')) return { ...response, estimateNote: 'fix the fields above first' };
  if (rows === null) return { ...response, estimateNote: 'choose a dataset and split first' };
  try {
    const estimate = await services.compute.estimate({ requestId: newId('estimate'), config, inputSize: request.inputSize, trainingRows: rows });
    return { ...response, estimatedEpochMs: estimate.epochMs };
  } catch (error) {
    if (error instanceof AppError) return { ...response, estimateNote: error.message };
    throw error;
  }
}

/** Starts scoring a dataset with a loaded model; a wrong dataset fails here, before any job starts. */
export async function startScoring(services: HostServices, loaded: LoadedModels, { modelId, ...source }: ScoreRequest): Promise<{ jobId: string }> {
  assertIdle(services);
  const data = await prepareScoringData(services.datasets, loaded.get(modelId), source);
  const jobId = newId('job');
  const runId = newId('run');
  const run = scoreRun(services.compute, data, { runId, jobId }, progressRelay(services)).then((record) => {
    services.runs.add(record);
    return runId;
  });
  announceJob(services, jobId, run);
  return { jobId };
}

type ModelsChannels = 'models:presets' | 'models:describe' | 'models:export' | 'models:import' | 'models:loaded' | 'models:score';

export function modelsHandlers(services: HostServices): Pick<Handlers, ModelsChannels> {
  const loaded = services.models;
  return {
    'models:presets': async () => presets,
    'models:describe': (request) => describeModel(services, request),
    'models:export': async ({ runId, dir }) => {
      const resolved = path.resolve(dir);
      await writeModelDir(resolved, savedModelOf(services.runs.get(runId)));
      return { dir: resolved };
    },
    'models:import': ({ dir }) => loaded.load(dir),
    'models:loaded': async () => loaded.list(),
    'models:score': (request) => startScoring(services, loaded, request),
  };
}
