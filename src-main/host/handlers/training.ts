import { AppError } from '../../../shared/errors';
import { errorCodes } from '../../../shared/ipc/contract';
import { modelConfigIssues } from '../../../shared/domain/model-validation';
import type { TrainingProgress } from '../../../shared/ipc/training';
import type { JobProgress } from '../../jobs/compute-client';
import { matrix, selectRows } from '../../ml/matrix';
import { newId } from '../ids';
import { prepareData } from '../prepare-data';
import { buildRunRecord } from '../run-builder';
import type { Handlers } from '../router';
import type { HostServices } from '../services';

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
function progressRelay(services: HostServices, intervalMs = 100) {
  let last = 0;
  let lastPhase = '';
  return (jobProgress: JobProgress) => {
    const event = toProgressEvent(jobProgress);
    const now = Date.now();
    if (event.epochLoss === null && event.phase === lastPhase && now - last < intervalMs) return;
    last = now;
    lastPhase = event.phase;
    services.events.emit('training:progress', event);
  };
}

function labelsOf(labels: Uint8Array | null, rows: ArrayLike<number>): Uint8Array | null {
  return labels ? Uint8Array.from(rows as ArrayLike<number>, (row) => labels[row]!) : null;
}

export function trainingHandlers(services: HostServices): Pick<Handlers, 'training:start' | 'training:cancel'> {
  return {
    'training:start': async (request) => {
      if (services.compute.busy) {
        throw new AppError(errorCodes.busy, 'a training job is already running: cancel it or wait for it to finish');
      }
      const summary = await services.datasets.summary(request.datasetId);
      const data = await services.datasets.matrix(request.datasetId, request.roles);
      const prepared = prepareData(data, request.split, request.missing);
      const { parts } = prepared;
      if (parts.train.length < 2) {
        throw new AppError(errorCodes.badRequest, `only ${parts.train.length} training rows are left after the split: train on a larger share`);
      }
      const blocking = modelConfigIssues(request.model, {
        inputSize: data.signals.length,
        trainingRows: parts.train.length,
        hasLabels: prepared.labels !== null,
        signals: data.signals,
      }).filter((issue) => issue.severity === 'error');
      if (blocking.length > 0) {
        throw new AppError(errorCodes.badRequest, blocking.map((issue) => issue.message).join('; '), { issues: blocking });
      }
      // the fast reader's values live in shared memory, which Electron's utility process may refuse to receive
      const X = prepared.X.buffer instanceof SharedArrayBuffer ? new Float32Array(prepared.X) : prepared.X;
      const all = matrix(X, prepared.n, prepared.d);
      const jobId = newId('job');
      const job = services.compute.train(
        {
          jobId,
          config: request.model,
          signals: data.signals,
          fit: selectRows(all, parts.train),
          fitLabels: labelsOf(prepared.labels, parts.train),
          validation: parts.validation.length > 0 ? selectRows(all, parts.validation) : null,
          validationLabels: labelsOf(prepared.labels, parts.validation),
          score: all,
        },
        progressRelay(services),
      );
      job
        .then((output) => {
          const runId = newId('run');
          services.runs.add(
            buildRunRecord(
              {
                runId,
                datasetId: request.datasetId,
                datasetName: summary.name,
                model: request.model,
                roles: request.roles,
                split: request.split,
                missing: request.missing,
                backend: services.compute.backend!,
                signals: data.signals,
                raw: prepared.X,
                labels: prepared.labels,
                partition: parts.partition,
                droppedRows: prepared.droppedRows,
                validationRows: parts.validation,
                testRows: parts.test,
              },
              output,
            ),
          );
          services.events.emit('training:done', { jobId, runId });
        })
        .catch((error: unknown) => {
          const shape =
            error instanceof AppError ? error.toShape() : { code: errorCodes.internal, message: String(error) };
          if (shape.code !== errorCodes.cancelled) services.log(`training job ${jobId} failed: ${shape.message}`);
          services.events.emit('training:failed', { jobId, error: shape });
        });
      return { jobId };
    },
    'training:cancel': async ({ jobId }) => ({ cancelled: services.compute.cancel(jobId) }),
  };
}
