import { signalContributions } from '../../ml/explain';
import { queryPyramid, signalsByTotal, type Pyramid } from '../../ml/pyramid';
import { AppError } from '../../../shared/errors';
import { errorCodes } from '../../../shared/ipc/contract';
import type { HeatmapResponse } from '../../../shared/ipc/results';
import { explainable } from '../runs';
import type { Handlers } from '../router';
import type { HostServices } from '../services';

type ResultChannels = 'results:list' | 'results:get' | 'results:setThreshold' | 'results:heatmap' | 'results:thresholdCurve' | 'results:explainEvent';

/**
 * The heatmap of a viewport with level-aligned buckets: each bucket is one stored pyramid row, so
 * the answer costs O(width x signals) whatever the range. The range snaps outwards to whole buckets;
 * the answer's rowStart, rowEnd and bucketSize say where the buckets lie.
 */
function heatmapOf(
  pyramid: Pyramid,
  signalNames: string[],
  view: { rowStart: number; rowEnd: number; width: number; sortByError: boolean },
): HeatmapResponse {
  const order = view.sortByError ? signalsByTotal(pyramid, view.rowStart, view.rowEnd) : undefined;
  const answer = queryPyramid(pyramid, { ...view, signals: order, stat: 'max', align: 'level' });
  return {
    rowStart: answer.rowStart,
    rowEnd: answer.rowEnd,
    bucketSize: answer.bucketRows,
    signals: Array.from(answer.signals, (s) => signalNames[s]!),
    values: answer.values,
    maxValue: answer.maxValue,
  };
}

export function resultsHandlers(services: Pick<HostServices, 'runs'>): Pick<Handlers, ResultChannels> {
  return {
    'results:list': async () =>
      services.runs.list().map(({ result }) => ({
        runId: result.runId,
        datasetName: result.datasetName,
        createdAt: result.createdAt,
        model: result.model,
        trainSeconds: result.trainSeconds,
        epochsRun: result.epochsRun,
      })),
    'results:get': async ({ runId }) => services.runs.get(runId).result,
    'results:setThreshold': async ({ runId, rule }) => services.runs.setThreshold(runId, rule),
    'results:heatmap': async ({ runId, rowStart, rowEnd, width, sortByError }) => {
      const record = services.runs.get(runId);
      return heatmapOf(explainable(record).pyramid, record.result.signals, { rowStart, rowEnd, width, sortByError });
    },
    'results:thresholdCurve': async ({ runId, cost }) => services.runs.thresholdCurve(runId, cost ?? null),
    'results:explainEvent': async ({ runId, eventIndex }) => {
      const record = services.runs.get(runId);
      const event = record.result.threshold.events[eventIndex];
      if (!event) {
        throw new AppError(errorCodes.notFound, `event ${eventIndex + 1} does not exist at the current threshold`, {
          events: record.result.threshold.events.length,
        });
      }
      const { errors, typicalError } = explainable(record);
      const contributions = signalContributions({
        E: errors,
        X: record.raw,
        nSignals: record.result.signals.length,
        signals: record.result.signals,
        event,
        typicalError,
      });
      return { event, contributions };
    },
  };
}
