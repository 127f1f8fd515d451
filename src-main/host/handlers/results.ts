import { signalContributions } from '../../ml/explain';
import { typicalErrorFloor } from '../../ml/scoring';
import { AppError } from '../../../shared/errors';
import { errorCodes } from '../../../shared/ipc/contract';
import { heatmapOf, signalEnvelopes } from '../explain-queries';
import { explainable } from '../runs';
import type { Handlers } from '../router';
import type { HostServices } from '../services';

type ResultChannels =
  | 'results:list'
  | 'results:get'
  | 'results:setThreshold'
  | 'results:heatmap'
  | 'results:thresholdCurve'
  | 'results:rocPr'
  | 'results:signals'
  | 'results:explainEvent';

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
    'results:heatmap': async ({ runId, normalised, ...range }) => heatmapOf(services.runs.get(runId), { ...range, normalised: normalised ?? false }),
    'results:thresholdCurve': async ({ runId, cost }) => services.runs.thresholdCurve(runId, cost ?? null),
    'results:rocPr': async ({ runId }) => services.runs.rocPr(runId),
    'results:signals': async ({ runId, ...request }) => signalEnvelopes(services.runs.get(runId), request),
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
        // floored as in the score, so a signal nearly constant in training cannot top the list by a millionfold
        typicalError: typicalErrorFloor(typicalError),
      });
      return { event, contributions };
    },
  };
}
