import { readFile } from 'node:fs/promises';
import { AppError } from '../../../shared/errors';
import { errorCodes } from '../../../shared/ipc/contract';
import { culpritHitRates, mapCulpritsToColumns, parseInterpretation } from '../../ml/hitrate';
import { explainable } from '../runs';
import type { Handlers } from '../router';
import type { HostServices } from '../services';

/**
 * HitRate of a run's explanations against a ground-truth file: its culprits are numbered by the
 * dataset's signal columns in file order, which the run may use only some of.
 */
export function hitRateHandlers(services: Pick<HostServices, 'runs' | 'datasets'>): Pick<Handlers, 'results:hitRate'> {
  return {
    'results:hitRate': async ({ runId, truthPath }) => {
      const record = services.runs.get(runId);
      const { errors } = explainable(record);
      const run = record.result;
      let segments;
      try {
        segments = parseInterpretation(await readFile(truthPath, 'utf8'));
      } catch (error) {
        throw new AppError(errorCodes.badRequest, `${truthPath}: ${(error as Error).message}`, { file: truthPath });
      }
      const summary = await services.datasets.summary(run.datasetId);
      const fileSignals = summary.columns.filter((column) => column.suggestedRole === 'signal').map((column) => column.name);
      let mapped;
      try {
        mapped = mapCulpritsToColumns(segments, fileSignals, run.signals);
      } catch (error) {
        throw new AppError(errorCodes.badRequest, `${truthPath} does not fit this dataset: ${(error as Error).message}`, { file: truthPath });
      }
      const { scoring } = run.model;
      return culpritHitRates({
        E: errors,
        nSignals: run.signals.length,
        segments: mapped,
        labels: run.labels,
        span: { rows: scoring.smoothingRows, align: scoring.smoothingAlign },
      });
    },
  };
}
