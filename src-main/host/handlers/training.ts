import { AppError } from '../../../shared/errors';
import { errorCodes } from '../../../shared/ipc/contract';
import type { TrainingProgress } from '../../../shared/ipc/training';
import type { JobProgress } from '../../jobs/compute-client';
import { newId } from '../ids';
import type { Handlers } from '../router';
import type { HostServices } from '../services';
import { assertIdle, assertTrainable, prepareTrainingData, trainRun } from '../train-run';
import { throttled } from '../events';

export function toProgressEvent({ jobId, phase, progress }: JobProgress): TrainingProgress {
  return {
    jobId,
    phase,
    epoch: progress?.epoch ?? 0,
    epochs: progress?.epochs ?? 0,
    batch: progress?.batch ?? 0,
    batches: progress?.batches ?? 0,
    loss: progress?.loss ?? null,
    epochLoss: progress?.epochLoss ?? null,
    valLoss: progress?.valLoss ?? null,
    elapsedMs: progress?.elapsedMs ?? 0,
    etaMs: progress?.etaMs ?? null,
  };
}

/** At most one batch-progress push per interval; epoch ends and phase changes always go through. */
export function progressRelay(services: HostServices, intervalMs = 100) {
  let lastPhase = '';
  const push = throttled((event: ReturnType<typeof toProgressEvent>) => services.events.emit('training:progress', event), intervalMs);
  return (jobProgress: JobProgress) => {
    const event = toProgressEvent(jobProgress);
    push(event, event.epochLoss !== null || event.phase !== lastPhase);
    lastPhase = event.phase;
  };
}

/** Reports a job's end as training:done with its run, or training:failed (also scoring jobs end so). */
export function announceJob(services: HostServices, jobId: string, run: Promise<string>): void {
  run
    .then((runId) => services.events.emit('training:done', { jobId, runId }))
    .catch((error: unknown) => {
      const shape = error instanceof AppError ? error.toShape() : { code: errorCodes.internal, message: String(error) };
      if (shape.code !== errorCodes.cancelled) services.log(`job ${jobId} failed: ${shape.message}`);
      services.events.emit('training:failed', { jobId, error: shape });
    });
}

export function trainingHandlers(services: HostServices): Pick<Handlers, 'training:start' | 'training:cancel'> {
  return {
    'training:start': async ({ model, ...source }) => {
      assertIdle(services);
      const data = await prepareTrainingData(services, source);
      assertTrainable(data, model);
      const jobId = newId('job');
      announceJob(services, jobId, trainRun(services, data, model, jobId, progressRelay(services)));
      return { jobId };
    },
    'training:cancel': async ({ jobId }) => ({ cancelled: services.compute.cancel(jobId) }),
  };
}
