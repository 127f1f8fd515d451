import { AppError } from '../../shared/errors';
import type { Roles } from '../../shared/domain/results';
import type { DatasetSummary } from '../../shared/ipc/datasets';
import { errorCodes } from '../../shared/ipc/contract';
import type { ScoreRequest } from '../../shared/ipc/models';
import type { DatasetStore, FeatureMatrix } from '../data/dataset-store';
import { fillWithMeans } from '../data/missing';
import type { ComputeClient, JobProgress } from '../jobs/compute-client';
import type { TrainedModel } from '../jobs/protocol';
import { matrix } from '../ml/matrix';
import type { SavedModel, SavedRun } from '../ml/model-file';
import { prepareData, type PreparedData } from './prepare-data';
import { buildScoredRunRecord } from './run-builder';
import type { RunRecord } from './runs';

/** Where the rows to score come from: everything of models:score but the model. */
export type ScoreSource = Omit<ScoreRequest, 'modelId'>;

/** The model's signals, in the model's order; a dataset that lacks one cannot be scored. */
export function rolesForModel(summary: DatasetSummary, model: TrainedModel, roles: ScoreSource['roles']): Roles {
  const columns = new Set(summary.columns.map((column) => column.name));
  const missing = model.preprocessing.signals.filter((signal) => !columns.has(signal));
  if (missing.length > 0) {
    throw new AppError(errorCodes.badRequest, `${summary.path} lacks the model's signal columns: ${missing.join(', ')}`, { missing });
  }
  return { ...roles, signals: model.preprocessing.signals };
}

/** A dataset read and cleaned for a saved model, checked before the job starts so that a wrong file fails at once. */
export interface ScoringData {
  saved: SavedModel & { run: SavedRun };
  source: ScoreSource;
  datasetName: string;
  roles: Roles;
  /** the rows as scored: kept rows, their times and source row numbers (the CLI's output files need them) */
  prepared: PreparedData;
  timeKind: FeatureMatrix['timeKind'];
}

/**
 * A gap under mean fill takes the model's training means, as the training rows' gaps did; a model
 * folder written before they were kept falls back to the scored file's own means.
 */
export async function prepareScoringData(datasets: DatasetStore, saved: SavedModel, source: ScoreSource): Promise<ScoringData> {
  const { run } = saved;
  if (!run) {
    throw new AppError(errorCodes.badRequest, "this model was saved without its run's threshold (model file version 2): export it again from its run");
  }
  const summary = await datasets.summary(source.datasetId);
  const roles = rolesForModel(summary, saved.model, source.roles);
  const data = await datasets.matrix(source.datasetId, roles);
  const withTrainingMeans = source.missing === 'mean-fill' && run.fitMeans !== null && !run.fitMeans.some(Number.isNaN);
  const filled = withTrainingMeans ? { ...data, X: fillWithMeans(data.X, data.n, data.d, run.fitMeans!) } : data;
  const prepared = prepareData(filled, { kind: 'chronological', train: 1, validation: 0, normalOnly: false }, source.missing);
  // the fast reader's values live in shared memory, which Electron's utility process may refuse to receive
  const X = prepared.X.buffer instanceof SharedArrayBuffer ? new Float32Array(prepared.X) : prepared.X;
  return { saved: { ...saved, run }, source, datasetName: summary.name, roles, prepared: { ...prepared, X }, timeKind: data.timeKind };
}

/** Scores the rows with the saved model on the compute process, without training, and builds the run it gives. */
export async function scoreRun(
  compute: ComputeClient,
  data: ScoringData,
  ids: { runId: string; jobId: string },
  onProgress: (progress: JobProgress) => void,
): Promise<RunRecord> {
  const { saved, prepared, source, roles } = data;
  const output = await compute.score({ jobId: ids.jobId, model: saved.model, rows: matrix(prepared.X, prepared.n, prepared.d) }, onProgress);
  return buildScoredRunRecord(
    {
      runId: ids.runId,
      datasetId: source.datasetId,
      datasetName: data.datasetName,
      roles,
      missing: source.missing,
      backend: compute.backend!,
      signals: roles.signals,
      raw: prepared.X,
      labels: prepared.labels,
      droppedRows: prepared.droppedRows,
    },
    saved.model,
    saved.run,
    output,
  );
}
