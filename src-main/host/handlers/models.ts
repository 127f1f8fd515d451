import { AppError } from '../../../shared/errors';
import { isNeural, modelConfigSchema } from '../../../shared/domain/model-config';
import { modelConfigIssues } from '../../../shared/domain/model-validation';
import { presets } from '../../../shared/domain/presets';
import type { DescribeRequest, DescribeResponse } from '../../../shared/ipc/models';
import { parameterCount } from '../../ml/detectors/parameter-count';
import { samplesPerEpoch, totalEpochs } from '../../ml/estimate-plan';
import { newId } from '../ids';
import type { Handlers } from '../router';
import type { HostServices } from '../services';

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

export function modelsHandlers(services: HostServices): Pick<Handlers, 'models:presets' | 'models:describe'> {
  return {
    'models:presets': async () => presets,
    'models:describe': (request) => describeModel(services, request),
  };
}
