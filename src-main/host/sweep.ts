import { AppError } from '../../shared/errors';
import { modelConfigSchema, type ModelConfig } from '../../shared/domain/model-config';
import type { SweepProgress, SweepStart } from '../../shared/ipc/compare';
import { errorCodes } from '../../shared/ipc/contract';
import { checkSweep, expandGrid, sweepCheckPasses, type SweepSetting } from '../../shared/sweep-grid';
import type { JobProgress } from '../jobs/compute-client';
import { newId } from './ids';
import type { ActiveSweep, HostServices } from './services';
import { assertIdle, modelContextOf, prepareTrainingData, trainRun, type TrainingData } from './train-run';

/** Least time between two pushes while a run trains; a run's start and end always go through. */
const progressIntervalMs = 250;

interface QueuedRun {
  settings: SweepSetting[];
  config: ModelConfig;
}

/**
 * How far a run's job is, 0..1. Scoring counts as the last tenth: the neural families spend most
 * of a run in their epochs.
 */
function jobFraction({ phase, progress }: JobProgress): number {
  if (!progress) return phase === 'scoring' ? 0.9 : 0;
  const part = (done: number, of: number) => (of > 0 ? Math.min(1, done / of) : 0);
  if (phase === 'scoring') return 0.9 + 0.1 * part(progress.batch, progress.batches);
  return 0.9 * part(Math.max(0, progress.epoch - 1) + part(progress.batch, progress.batches), progress.epochs);
}

/** One sweep's queue: its runs train one after another on the compute process; a failed run does not stop the rest. */
class Sweep implements ActiveSweep {
  readonly sweepId = newId('sweep');
  private readonly startedAt = Date.now();
  private done = 0;
  private readonly failures: SweepProgress['failures'] = [];
  private current: SweepProgress['current'] = null;
  private jobId: string | null = null;
  private cancelled = false;
  private lastPush = 0;

  constructor(
    private readonly services: HostServices,
    private readonly data: TrainingData,
    private readonly runs: QueuedRun[],
  ) {}

  cancel(): void {
    this.cancelled = true;
    if (this.jobId) this.services.compute.cancel(this.jobId);
  }

  async run(): Promise<void> {
    for (const [index, run] of this.runs.entries()) {
      if (this.cancelled) break;
      this.current = { index, settings: run.settings, fraction: 0 };
      this.jobId = newId('job');
      this.push();
      try {
        const runId = await trainRun(this.services, this.data, run.config, this.jobId, (progress) => this.onJobProgress(progress));
        this.finishRun(runId);
      } catch (error) {
        const shape = error instanceof AppError ? error.toShape() : { code: errorCodes.internal, message: String(error) };
        // a cancelled job is the user's cancel, or the app closing: the queue stops either way
        if (shape.code === errorCodes.cancelled) break;
        this.services.log(`sweep ${this.sweepId}: run ${index + 1} failed: ${shape.message}`);
        this.failures.push({ index, settings: run.settings, error: shape });
        this.finishRun(null);
      }
    }
    this.jobId = null;
    this.current = null;
    if (this.services.activeSweep === this) this.services.activeSweep = null;
    this.push(null, this.cancelled ? 'cancelled' : 'done');
  }

  private finishRun(runId: string | null): void {
    this.done++;
    this.current = null;
    this.push(runId);
  }

  private onJobProgress(progress: JobProgress): void {
    if (!this.current) return;
    this.current.fraction = jobFraction(progress);
    if (Date.now() - this.lastPush >= progressIntervalMs) this.push();
  }

  private push(finishedRunId: string | null = null, state: SweepProgress['state'] = 'running'): void {
    this.lastPush = Date.now();
    const total = this.runs.length;
    const progressed = this.done + (this.current?.fraction ?? 0);
    const elapsedMs = this.lastPush - this.startedAt;
    this.services.events.emit('sweep:progress', {
      sweepId: this.sweepId,
      state,
      done: this.done,
      total,
      current: this.current && { ...this.current },
      finishedRunId,
      failures: [...this.failures],
      elapsedMs,
      etaMs: state !== 'running' ? 0 : progressed > 0 ? (elapsedMs / progressed) * (total - progressed) : null,
    });
  }
}

/**
 * Checks every run of the grid against the data before anything starts (the same checks as
 * training:start, per run), then queues them. Refused with BUSY while a job or another sweep runs;
 * training:start is refused in turn until this sweep ends.
 */
export async function startSweep(services: HostServices, request: SweepStart): Promise<{ sweepId: string; total: number }> {
  assertIdle(services);
  const { model, grid, ...source } = request;
  const data = await prepareTrainingData(services, source);
  const check = checkSweep(model, grid, modelContextOf(data));
  if (!sweepCheckPasses(check)) {
    const messages = [...check.axisErrors.filter((error) => error !== null), ...check.runErrors];
    throw new AppError(errorCodes.badRequest, messages.join('; '), check);
  }
  const runs = expandGrid(model, grid).map(({ settings, config }) => ({ settings, config: modelConfigSchema.parse(config) }));
  // reading the data took a while: another job may have started meanwhile
  assertIdle(services);
  const sweep = new Sweep(services, data, runs);
  services.activeSweep = sweep;
  void sweep.run();
  return { sweepId: sweep.sweepId, total: runs.length };
}

export function cancelSweep(services: HostServices, sweepId: string): boolean {
  const active = services.activeSweep;
  if (!active || active.sweepId !== sweepId) return false;
  active.cancel();
  return true;
}
