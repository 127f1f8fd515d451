import { AppError } from '../../shared/errors';
import { errorCodes } from '../../shared/ipc/contract';
import type { Tf } from '../ml/backend';
import { DenseAutoencoder } from '../ml/detectors/dense';
import type { Detector, FitProgress } from '../ml/detectors/detector';
import { columnMeans, rowMeans } from '../ml/matrix';
import { applyScaler, fitScaler } from '../ml/preprocess/standard-scaler';
import type { JobPhase, TrainJob, TrainJobOutput } from './protocol';

export interface JobHooks {
  onProgress(phase: JobPhase, progress: FitProgress | null): void;
  isCancelled(): boolean;
}

function detectorFor(tf: Tf, job: TrainJob): Detector {
  switch (job.config.family) {
    case 'dense':
      return new DenseAutoencoder(tf, job.config);
  }
}

/** Fit the scaler and the model on the fit rows, then score both the fit rows and the rows to score. */
export async function runTrainJob(tf: Tf, job: TrainJob, hooks: JobHooks): Promise<TrainJobOutput> {
  if (job.fit.n < 2) {
    throw new AppError(errorCodes.badRequest, `training needs at least 2 rows, got ${job.fit.n}`);
  }
  hooks.onProgress('preparing', null);
  const scaler = fitScaler(job.config.scaler, job.fit);
  const fit = applyScaler(scaler, job.fit);
  const validation = job.validation && job.validation.n > 0 ? applyScaler(scaler, job.validation) : null;
  const score = applyScaler(scaler, job.score);
  const detector = detectorFor(tf, job);
  try {
    const report = await detector.fit(fit, {
      onProgress: (progress) => hooks.onProgress('training', progress),
      isCancelled: hooks.isCancelled,
      validation,
    });
    if (report.cancelled) throw new AppError(errorCodes.cancelled, 'training was cancelled');
    hooks.onProgress('scoring', null);
    const fitErrors = await detector.featureErrors(fit);
    const errors = await detector.featureErrors(score);
    return {
      report,
      scaler,
      fitScores: rowMeans(fitErrors),
      fitSignalMeanError: columnMeans(fitErrors),
      scores: rowMeans(errors),
      errors: errors.data,
    };
  } finally {
    detector.dispose();
  }
}
