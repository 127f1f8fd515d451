import { signalContributions } from '../../ml/explain';
import { pyramidHeatmap } from '../../ml/pyramid';
import { AppError } from '../../../shared/errors';
import { errorCodes } from '../../../shared/ipc/contract';
import { explainable } from '../runs';
import type { Handlers } from '../router';
import type { HostServices } from '../services';

type ResultChannels = 'results:list' | 'results:get' | 'results:setThreshold' | 'results:heatmap' | 'results:thresholdCurve' | 'results:explainEvent';

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
    'results:setThreshold': async ({ runId, rule, alarms }) => services.runs.setThreshold(runId, rule, alarms),
    'results:heatmap': async ({ runId, rowStart, rowEnd, width, sortByError }) => {
      const record = services.runs.get(runId);
      // level-aligned buckets: each is one stored pyramid row, so any viewport costs O(width x signals)
      return pyramidHeatmap(explainable(record).pyramid, record.result.signals, { rowStart, rowEnd, width, sortByError, align: 'level' });
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
