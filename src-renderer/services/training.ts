import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ModelConfig } from '../../shared/domain/model-config';
import type { Roles } from '../../shared/domain/results';
import type { MissingPolicy, Split } from '../../shared/domain/data-prep';
import type { TrainingProgress } from '../../shared/ipc/training';
import { describeError, invoke, subscribe } from './client';

export interface EpochRow {
  epoch: number;
  loss: number;
  valLoss: number | null;
  /** time since training started when the epoch ended; null for a run known only by its loss history */
  elapsedMs: number | null;
}

/** The epoch rows of a finished run's loss history (it keeps no times). */
export function epochRowsOf(history: { loss: number[]; valLoss: number[] }): EpochRow[] {
  return history.loss.map((loss, i) => ({ epoch: i + 1, loss, valLoss: history.valLoss[i] ?? null, elapsedMs: null }));
}
export type TrainingState = 'idle' | 'starting' | 'running' | 'cancelling' | 'done' | 'failed' | 'cancelled';

/** One training job at a time: its live progress, per-epoch history and outcome. */
export const useTrainingStore = defineStore('training', () => {
  const state = ref<TrainingState>('idle');
  const jobId = ref<string | null>(null);
  const progress = ref<TrainingProgress | null>(null);
  const epochs = ref<EpochRow[]>([]);
  const error = ref<{ code: string; message: string; details?: unknown } | null>(null);
  const runId = ref<string | null>(null);

  const busy = computed(() => state.value === 'starting' || state.value === 'running' || state.value === 'cancelling');
  const history = computed(() => ({
    loss: epochs.value.map((row) => row.loss),
    valLoss: epochs.value.filter((row) => row.valLoss != null).map((row) => row.valLoss as number),
  }));
  /** 0..1 over all batches of all epochs; while scoring, over the rows scored */
  const fraction = computed(() => {
    const p = progress.value;
    if (state.value === 'done') return 1;
    if (p?.phase === 'scoring') return p.batches > 0 ? p.batch / p.batches : 0;
    if (!p || p.epochs === 0) return 0;
    const batchPart = p.batches > 0 ? p.batch / p.batches : 0;
    return Math.min(1, (Math.max(0, p.epoch - 1) + batchPart) / p.epochs);
  });

  const doneListeners = new Set<(runId: string) => void>();
  /** Called when a job finished and its result is persisted (the view then loads the run). */
  function onDone(listener: (runId: string) => void): () => void {
    doneListeners.add(listener);
    return () => doneListeners.delete(listener);
  }

  // Events can overtake the start reply, so while starting we accept the first job we hear of.
  const ours = (id: string) => jobId.value === id || (state.value === 'starting' && jobId.value === null);

  let subscribed = false;
  function listen(): void {
    if (subscribed) return;
    subscribed = true;
    subscribe('training:progress', (p) => {
      if (!ours(p.jobId)) return;
      jobId.value = p.jobId;
      if (state.value === 'starting') state.value = 'running';
      progress.value = p;
      if (p.epochLoss != null && !epochs.value.some((row) => row.epoch === p.epoch)) {
        epochs.value = [...epochs.value, { epoch: p.epoch, loss: p.epochLoss, valLoss: p.valLoss, elapsedMs: p.elapsedMs }];
      }
    });
    subscribe('training:done', (p) => {
      if (!ours(p.jobId)) return;
      state.value = 'done';
      runId.value = p.runId;
      for (const listener of doneListeners) listener(p.runId);
    });
    subscribe('training:failed', (p) => {
      if (!ours(p.jobId)) return;
      state.value = p.error.code === 'CANCELLED' ? 'cancelled' : 'failed';
      error.value = p.error.code === 'CANCELLED' ? null : p.error;
    });
  }

  function start(datasetId: string, roles: Roles, model: ModelConfig, split: Split, missing: MissingPolicy): Promise<void> {
    return follow(() => invoke('training:start', { datasetId, roles, model, split, missing }));
  }

  /** Follows a job as training: also a scoring job with a saved model, which reports by the same events. */
  async function follow(startJob: () => Promise<{ jobId: string }>): Promise<void> {
    if (busy.value) return;
    listen();
    state.value = 'starting';
    jobId.value = null;
    progress.value = null;
    epochs.value = [];
    error.value = null;
    runId.value = null;
    try {
      const started = await startJob();
      jobId.value = started.jobId;
      if (state.value === 'starting') state.value = 'running';
    } catch (caught) {
      state.value = 'failed';
      error.value = describeError(caught);
    }
  }

  async function cancel(): Promise<void> {
    if (!busy.value || !jobId.value) return;
    state.value = 'cancelling';
    try {
      const answer = await invoke('training:cancel', { jobId: jobId.value });
      // the host may also report the cancel as training:failed/CANCELLED; whichever comes first wins
      if (state.value === 'cancelling') state.value = answer.cancelled ? 'cancelled' : 'running';
    } catch (caught) {
      error.value = describeError(caught);
    }
  }

  return { state, jobId, progress, epochs, history, fraction, error, runId, busy, listen, start, follow, cancel, onDone };
});
