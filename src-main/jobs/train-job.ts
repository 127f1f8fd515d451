import { AppError } from '../../shared/errors';
import { isSupervised } from '../../shared/domain/model-config';
import { errorCodes } from '../../shared/ipc/contract';
import type { Tf } from '../ml/backend';
import type { FitProgress } from '../ml/detectors/detector';
import { createDetector } from '../ml/detectors/registry';
import { columnMeans } from '../ml/matrix';
import { applyPreprocessing, fitPreprocessing } from '../ml/preprocess/pipeline';
import { finishModelScores, scoreRows } from '../ml/score-model';
import type { JobPhase, TrainedModel, TrainJob, TrainJobOutput } from './protocol';

export interface JobHooks {
  onProgress(phase: JobPhase, progress: FitProgress | null): void;
  isCancelled(): boolean;
}

/** Scoring progress as the progress bar reads it: rows scored as batches, the ETA from the rate so far. */
export function scoringProgressOf(startedMs: number, rows: number, totalRows: number): FitProgress {
  const elapsedMs = performance.now() - startedMs;
  return { epoch: 0, epochs: 0, batch: rows, batches: totalRows, loss: null, epochLoss: null, valLoss: null, elapsedMs, etaMs: (elapsedMs / rows) * (totalRows - rows) };
}

/** Fit the preprocessing and the model on the fit rows, then score both the fit rows and the rows to score. */
export async function runTrainJob(tf: Tf, job: TrainJob, hooks: JobHooks): Promise<TrainJobOutput> {
  if (job.fit.n < 2) {
    throw new AppError(errorCodes.badRequest, `training needs at least 2 rows, got ${job.fit.n}`);
  }
  if (isSupervised(job.config) && !job.fitLabels) {
    throw new AppError(errorCodes.badRequest, 'this model learns from labels: choose a label column, or pick an autoencoder');
  }
  hooks.onProgress('preparing', null);
  const preprocessing = fitPreprocessing(job.config, job.signals, job.fit);
  const fit = applyPreprocessing(preprocessing, job.fit);
  const validation = job.validation && job.validation.n > 0 ? applyPreprocessing(preprocessing, job.validation) : null;
  const score = applyPreprocessing(preprocessing, job.score);
  const detector = createDetector(tf, job.config);
  try {
    const report = await detector.fit(fit, {
      onProgress: (progress) => hooks.onProgress('training', progress),
      isCancelled: hooks.isCancelled,
      validation,
      labels: job.fitLabels,
      validationLabels: validation ? job.validationLabels : null,
    });
    if (report.cancelled) throw new AppError(errorCodes.cancelled, 'training was cancelled');
    hooks.onProgress('scoring', null);
    const detectorState = detector.save();
    // both passes report as one: the fit rows first, then the rows to score
    const scoringStarted = performance.now();
    const totalRows = fit.n + score.n;
    const scoringProgress = (rowsBefore: number) => (done: number) =>
      hooks.onProgress('scoring', scoringProgressOf(scoringStarted, rowsBefore + done, totalRows));
    const fitted = await scoreRows(detector, job.config, fit, { isCancelled: hooks.isCancelled, onProgress: scoringProgress(0) });
    const scored = await scoreRows(detector, job.config, score, { isCancelled: hooks.isCancelled, onProgress: scoringProgress(fit.n) });
    const typicalError = fitted.errors ? columnMeans(fitted.errors) : null;
    const model: TrainedModel = { config: job.config, preprocessing, detector: detectorState, typicalError: typicalError && Array.from(typicalError) };
    return {
      report,
      model,
      fitScores: finishModelScores(model, fitted),
      fitAnomalyShare: job.fitLabels && job.fitLabels.length > 0 ? job.fitLabels.reduce((sum, label) => sum + label, 0) / job.fitLabels.length : null,
      fitSignalMeanError: typicalError,
      scores: finishModelScores(model, scored),
      errors: scored.errors?.data ?? null,
      extraScores: detector.extraScores ? await detector.extraScores(score) : [],
    };
  } finally {
    detector.dispose();
  }
}
