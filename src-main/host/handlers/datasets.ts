import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { errorCodes } from '../../../shared/ipc/contract';
import type { DatasetSummary, ImportProgress } from '../../../shared/ipc/datasets';
import { writeSynthetic } from '../../data/synth-files';
import { newId } from '../ids';
import { samplePath } from '../paths';
import type { Handlers } from '../router';
import type { HostServices } from '../services';

type DatasetChannels =
  | 'datasets:inspect'
  | 'datasets:import'
  | 'datasets:cancelImport'
  | 'datasets:open'
  | 'datasets:openSample'
  | 'datasets:synthesize'
  | 'datasets:list'
  | 'datasets:get'
  | 'datasets:missing'
  | 'datasets:rows'
  | 'datasets:overview';

/**
 * Imports run as jobs in the host process (DuckDB and the parser's worker threads keep the event
 * loop free): progress at most every 100 ms with an ETA from bytes read, cancel by jobId.
 */
export function datasetsHandlers(services: HostServices): Pick<Handlers, DatasetChannels> {
  const running = new Map<string, AbortController>();

  const runImport = (jobId: string, file: string, name: string | undefined): Promise<DatasetSummary> => {
    const abort = new AbortController();
    running.set(jobId, abort);
    const started = Date.now();
    let last = 0;
    const emit = (phase: ImportProgress['phase'], bytesDone: number, bytesTotal: number, rowsDone: number) => {
      const now = Date.now();
      if (now - last < 100 && bytesDone < bytesTotal) return;
      last = now;
      const elapsedMs = now - started;
      const etaMs = bytesDone > 0 && bytesTotal > 0 ? (elapsedMs / bytesDone) * Math.max(0, bytesTotal - bytesDone) : null;
      services.events.emit('datasets:importProgress', { jobId, phase, bytesDone, bytesTotal, rowsDone, elapsedMs, etaMs });
    };
    return services.datasets
      .importFile(file, name, {
        signal: abort.signal,
        onProgress: (bytesDone, bytesTotal, rowsDone) => emit(bytesDone >= bytesTotal ? 'saving' : 'parsing', bytesDone, bytesTotal, rowsDone),
      })
      .finally(() => running.delete(jobId));
  };

  return {
    'datasets:inspect': async ({ path }) => services.datasets.inspect(path),
    'datasets:import': async ({ path, name }) => {
      const jobId = newId('import');
      runImport(jobId, path, name)
        .then((dataset) => services.events.emit('datasets:imported', { jobId, dataset }))
        .catch((error: unknown) => {
          const shape = error instanceof AppError ? error.toShape() : { code: errorCodes.importFailed, message: String(error) };
          services.events.emit('datasets:importFailed', { jobId, error: shape });
        });
      return { jobId };
    },
    'datasets:cancelImport': async ({ jobId }) => {
      const job = running.get(jobId);
      job?.abort();
      return { cancelled: job !== undefined };
    },
    'datasets:open': async ({ path }) => runImport(newId('import'), path, undefined),
    'datasets:openSample': async () => {
      const sample = samplePath();
      if (!existsSync(sample)) throw new AppError(errorCodes.notFound, `the sample dataset is missing: ${sample}`);
      return runImport(newId('import'), sample, 'Pump station (sample)');
    },
    'datasets:synthesize': async (request) => {
      // kept in the workspace beside its truth file, so HitRate can be computed on it later
      const id = newId('synth');
      const files = await writeSynthetic(path.join(services.options.workspaceDir, 'synthetic', `${id}.csv`), request);
      const signals = typeof request.signals === 'number' ? request.signals : request.signals.length;
      const dataset = await runImport(newId('import'), files.csvPath, `Synthetic (${request.rows} rows, ${signals} signals, seed ${request.seed})`);
      return { dataset, truthPath: files.truthPath, anomalies: files.anomalies, anomalousRows: files.anomalousRows };
    },
    'datasets:list': async () => services.datasets.list(),
    'datasets:get': async ({ datasetId }) => services.datasets.summary(datasetId),
    'datasets:missing': async ({ datasetId, signals }) => services.datasets.missing(datasetId, signals),
    'datasets:rows': async ({ datasetId, offset, limit }) => services.datasets.rows(datasetId, offset, limit),
    'datasets:overview': async ({ datasetId, column, label, width }) => services.datasets.overview(datasetId, column, label, width),
  };
}
