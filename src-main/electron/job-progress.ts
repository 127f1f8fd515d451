/**
 * Long jobs as the desktop shows them outside the window: the taskbar/dock progress and a
 * notification when a long job ends while the window is in the background. Pure: the host's events
 * go in, numbers and texts come out; the Electron glue applies them.
 */
import type { EventName, EventPayload } from '../../shared/ipc';

/** `BrowserWindow.setProgressBar`: below 0 removes the bar, above 1 is indeterminate. */
export const progressIdle = -1;
export const progressIndeterminate = 2;

/** A job that took at least this long is worth a notification when it ends unseen. */
export const longJobMs = 10_000;

export type JobKind = 'training' | 'scoring' | 'sweep' | 'pdf';

export interface JobEnd {
  kind: JobKind;
  outcome: 'done' | 'failed' | 'cancelled';
  durationMs: number;
  /** the run a training or scoring job made */
  runId: string | null;
  /** the failure, in the host's words */
  message: string | null;
  /** a sweep's runs: how many there were, which finished and how many failed */
  sweep: { total: number; finishedRunIds: string[]; failed: number } | null;
  /** a written file (the PDF report) */
  file: string | null;
}

interface TrackedJob {
  startedAt: number;
  /** whether it trained (a job that only scores rows with a saved model never does) */
  trained: boolean;
  progress: number;
}

/** How far a training or scoring job is, as sweep.ts weighs it: training 90 %, scoring the rest. */
export function trainingProgressValue(payload: EventPayload<'training:progress'>, trained: boolean): number {
  const part = (done: number, of: number) => (of > 0 ? Math.min(1, Math.max(0, done / of)) : 0);
  if (payload.phase === 'preparing') return progressIndeterminate;
  if (payload.phase === 'scoring') {
    if (payload.batches <= 0) return progressIndeterminate;
    const scored = part(payload.batch, payload.batches);
    return trained ? 0.9 + 0.1 * scored : scored;
  }
  if (payload.epochs <= 0) return progressIndeterminate;
  return 0.9 * part(Math.max(0, payload.epoch - 1) + part(payload.batch, payload.batches), payload.epochs);
}

/** How far a sweep is: finished runs plus the share of the one training. */
export function sweepProgressValue(payload: EventPayload<'sweep:progress'>): number {
  if (payload.state !== 'running') return progressIdle;
  if (payload.total <= 0) return progressIndeterminate;
  return Math.min(1, (payload.done + (payload.current?.fraction ?? 0)) / payload.total);
}

/**
 * Follows the host's job events: what the taskbar shows, whether a job runs (the Run menu), and how
 * each job ended. Training and sweeps never run together (the host refuses a second job).
 */
export class JobTracker {
  private readonly jobs = new Map<string, TrackedJob>();
  private sweep: { sweepId: string; startedAt: number; progress: number; runIds: string[] } | null = null;

  get running(): boolean {
    return this.jobs.size > 0 || this.sweep !== null;
  }

  /** The taskbar value now: the sweep's, else the training's, else idle. */
  get progress(): number {
    if (this.sweep) return this.sweep.progress;
    const job = [...this.jobs.values()].at(-1);
    return job ? job.progress : progressIdle;
  }

  /** Takes one host event; returns how a job ended when this event ended one. */
  handle(event: EventName, payload: unknown, now: number): JobEnd | null {
    switch (event) {
      case 'training:progress': {
        const p = payload as EventPayload<'training:progress'>;
        const job = this.jobs.get(p.jobId) ?? { startedAt: now - Math.max(0, p.elapsedMs), trained: false, progress: progressIndeterminate };
        if (p.phase === 'training') job.trained = true;
        job.progress = trainingProgressValue(p, job.trained);
        this.jobs.set(p.jobId, job);
        return null;
      }
      case 'training:done': {
        const p = payload as EventPayload<'training:done'>;
        const job = this.end(p.jobId);
        return this.jobEnd(job, now, { outcome: 'done', runId: p.runId, message: null });
      }
      case 'training:failed': {
        const p = payload as EventPayload<'training:failed'>;
        const job = this.end(p.jobId);
        const cancelled = p.error.code === 'CANCELLED';
        return this.jobEnd(job, now, { outcome: cancelled ? 'cancelled' : 'failed', runId: null, message: cancelled ? null : p.error.message });
      }
      case 'sweep:progress': {
        const p = payload as EventPayload<'sweep:progress'>;
        const sweep =
          this.sweep?.sweepId === p.sweepId ? this.sweep : { sweepId: p.sweepId, startedAt: now - Math.max(0, p.elapsedMs), progress: 0, runIds: [] };
        if (p.finishedRunId) sweep.runIds.push(p.finishedRunId);
        sweep.progress = sweepProgressValue(p);
        this.sweep = p.state === 'running' ? sweep : null;
        if (p.state === 'running') return null;
        return {
          kind: 'sweep',
          outcome: p.state === 'cancelled' ? 'cancelled' : 'done',
          durationMs: now - sweep.startedAt,
          runId: null,
          message: null,
          sweep: { total: p.total, finishedRunIds: sweep.runIds, failed: p.failures.length },
          file: null,
        };
      }
      default:
        return null;
    }
  }

  private end(jobId: string): TrackedJob | null {
    const job = this.jobs.get(jobId) ?? null;
    this.jobs.delete(jobId);
    return job;
  }

  private jobEnd(job: TrackedJob | null, now: number, end: Pick<JobEnd, 'outcome' | 'runId' | 'message'>): JobEnd {
    // a job that ended before its first progress event (a fast failure) took no time worth telling
    const durationMs = job ? now - job.startedAt : 0;
    return { kind: job && !job.trained ? 'scoring' : 'training', durationMs, sweep: null, file: null, ...end };
  }
}

/** Whether the taskbar needs a new value: a change of at least half a percent, or of mode. */
export function progressChanged(previous: number, next: number): boolean {
  const mode = (value: number) => (value < 0 ? 'none' : value > 1 ? 'indeterminate' : 'normal');
  return mode(previous) !== mode(next) || (mode(next) === 'normal' && Math.abs(previous - next) >= 0.005);
}

/** A notification only for a job that took long, ended while the window was in the background, where the OS shows them. */
export function shouldNotify(end: JobEnd, context: { windowFocused: boolean; supported: boolean }, minimumMs = longJobMs): boolean {
  return end.outcome !== 'cancelled' && context.supported && !context.windowFocused && end.durationMs >= minimumMs;
}

/** What a notification says about a run. */
export interface RunBrief {
  /** the preset the run was trained with, e.g. dense-relu */
  name: string;
  datasetName: string;
  /** point-wise F1 at the run's threshold; null without labels */
  f1: number | null;
  epochsRun: number;
}

export interface JobNotice {
  title: string;
  body: string;
  /** what a click on it shows */
  show: EventPayload<'app:showRun'>;
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const withF1 = (brief: RunBrief) => (brief.f1 === null ? brief.name : `${brief.name}, F1 ${brief.f1.toFixed(2)}`);

/** The notification for a job's end; null for a cancel (the user did it, and is here). */
export function jobNotice(end: JobEnd, lookup: (runId: string) => RunBrief | null): JobNotice | null {
  if (end.outcome === 'cancelled') return null;
  const took = formatDuration(end.durationMs);
  switch (end.kind) {
    case 'training':
    case 'scoring': {
      const what = end.kind === 'training' ? 'Training' : 'Scoring';
      if (end.outcome === 'failed') {
        return { title: `${what} failed: ${end.message ?? 'unknown error'}`, body: `After ${took}. Click to see what happened.`, show: { step: 'train', runId: null } };
      }
      const brief = end.runId ? lookup(end.runId) : null;
      if (!brief) return { title: `${what} finished`, body: `In ${took}. Click to see the results.`, show: { step: 'results', runId: end.runId } };
      const epochs = end.kind === 'training' ? `, ${brief.epochsRun} epoch${brief.epochsRun === 1 ? '' : 's'}` : '';
      return {
        title: `${what} finished: ${withF1(brief)}`,
        body: `${brief.datasetName}${epochs}, in ${took}. Click to see the results.`,
        show: { step: 'results', runId: end.runId },
      };
    }
    case 'sweep': {
      const sweep = end.sweep ?? { total: 0, finishedRunIds: [], failed: 0 };
      const briefs = sweep.finishedRunIds.map((runId) => lookup(runId)).filter((brief): brief is RunBrief => brief !== null);
      const best = briefs.filter((brief) => brief.f1 !== null).sort((a, b) => b.f1! - a.f1!)[0];
      const failed = sweep.failed ? `, ${sweep.failed} failed` : '';
      return {
        title: `Sweep finished: ${sweep.total} run${sweep.total === 1 ? '' : 's'}${failed}`,
        body: `${best ? `Best: ${withF1(best)}. ` : ''}In ${took}. Click to compare the runs.`,
        show: { step: 'compare', runId: null },
      };
    }
    case 'pdf':
      return end.outcome === 'failed'
        ? { title: `PDF report failed: ${end.message ?? 'unknown error'}`, body: `After ${took}.`, show: { step: 'report', runId: null } }
        : { title: 'PDF report written', body: `${end.file ?? ''} in ${took}.`.trim(), show: { step: 'report', runId: null } };
  }
}
