import { AppError } from '../../shared/errors';
import type { ModelConfig } from '../../shared/domain/model-config';
import { modelConfigIssues, type ModelContext } from '../../shared/domain/model-validation';
import { errorCodes } from '../../shared/ipc/contract';
import type { TrainingStart } from '../../shared/ipc/training';
import type { JobProgress } from '../jobs/compute-client';
import { matrix, selectRows, type Matrix } from '../ml/matrix';
import { newId } from './ids';
import { prepareData, type PreparedData } from './prepare-data';
import { columnMeans } from '../data/missing';
import { buildRunRecord } from './run-builder';
import type { HostServices } from './services';

/** Where the rows come from and how they are divided: everything of training:start but the model. */
export type TrainingSource = Omit<TrainingStart, 'model'>;

/** A dataset read, cleaned and split once: a sweep trains every one of its runs on it. */
export interface TrainingData {
  source: TrainingSource;
  datasetName: string;
  signals: string[];
  prepared: PreparedData;
  /** every kept row, the rows each run scores */
  all: Matrix;
}

export async function prepareTrainingData(services: HostServices, source: TrainingSource): Promise<TrainingData> {
  const summary = await services.datasets.summary(source.datasetId);
  const data = await services.datasets.matrix(source.datasetId, source.roles);
  const prepared = prepareData(data, source.split, source.missing);
  if (prepared.parts.train.length < 2) {
    throw new AppError(errorCodes.badRequest, `only ${prepared.parts.train.length} training rows are left after the split: train on a larger share`);
  }
  // the fast reader's values live in shared memory, which Electron's utility process may refuse to receive
  const X = prepared.X.buffer instanceof SharedArrayBuffer ? new Float32Array(prepared.X) : prepared.X;
  return { source, datasetName: summary.name, signals: data.signals, prepared, all: matrix(X, prepared.n, prepared.d) };
}

/** What the model checks know of the data: the same context the model form's checks get. */
export function modelContextOf(data: TrainingData): ModelContext {
  return {
    inputSize: data.signals.length,
    trainingRows: data.prepared.parts.train.length,
    hasLabels: data.prepared.labels !== null,
    signals: data.signals,
  };
}

/** Refuses a second job while one runs, or while a sweep holds the compute process between its runs. */
export function assertIdle(services: HostServices): void {
  if (services.activeSweep) {
    throw new AppError(errorCodes.busy, 'a sweep is running: cancel it on the Compare step or wait for it to finish');
  }
  const busyReason = services.compute.busyReason;
  if (busyReason) throw new AppError(errorCodes.busy, busyReason);
}

export function assertTrainable(data: TrainingData, model: ModelConfig): void {
  const blocking = modelConfigIssues(model, modelContextOf(data)).filter((issue) => issue.severity === 'error');
  if (blocking.length > 0) {
    throw new AppError(errorCodes.badRequest, blocking.map((issue) => issue.message).join('; '), { issues: blocking });
  }
}

function labelsOf(labels: Uint8Array | null, rows: ArrayLike<number>): Uint8Array | null {
  return labels ? Uint8Array.from(rows as ArrayLike<number>, (row) => labels[row]!) : null;
}

/**
 * One training job on the compute process, then the run it gives, kept in the RunStore. Resolves
 * with the run's id; rejects with the job's error (CANCELLED when cancelled, BUSY when another job holds the process).
 */
export async function trainRun(
  services: HostServices,
  data: TrainingData,
  model: ModelConfig,
  jobId: string,
  onProgress: (progress: JobProgress) => void,
): Promise<string> {
  const { prepared, all, source } = data;
  const { parts } = prepared;
  const output = await services.compute.train(
    {
      jobId,
      config: model,
      signals: data.signals,
      fit: selectRows(all, parts.train),
      fitLabels: labelsOf(prepared.labels, parts.train),
      validation: parts.validation.length > 0 ? selectRows(all, parts.validation) : null,
      validationLabels: labelsOf(prepared.labels, parts.validation),
      score: all,
    },
    onProgress,
  );
  const runId = newId('run');
  services.runs.add(
    buildRunRecord(
      {
        runId,
        datasetId: source.datasetId,
        datasetName: data.datasetName,
        model,
        roles: source.roles,
        split: source.split,
        missing: source.missing,
        backend: services.compute.backend!,
        signals: data.signals,
        raw: prepared.X,
        labels: prepared.labels,
        partition: parts.partition,
        fitMeans: columnMeans(prepared.X, data.signals.length, parts.train),
        droppedRows: prepared.droppedRows,
        validationRows: parts.validation,
        testRows: parts.test,
      },
      output,
    ),
  );
  return runId;
}
