import { AppError } from '../../shared/errors';
import type { BackendInfo } from '../../shared/ipc/app';
import { errorCodes } from '../../shared/ipc/contract';
import type { SynthFiles, SynthProgress } from '../data/synth-files';
import type { FitProgress } from '../ml/detectors/detector';
import type { ComputeMessage, Estimate, EstimateRequest, HostMessage, JobKind, JobPhase, ScoreJob, ScoreJobOutput, SynthJob, TrainJob, TrainJobOutput } from './protocol';
import type { ComputeTransport } from './transport';

export interface JobProgress {
  jobId: string;
  phase: JobPhase;
  progress: FitProgress | null;
}

type ProgressMessage = Extract<ComputeMessage, { type: 'progress' | 'synthProgress' }>;

interface PendingJob {
  kind: JobKind;
  /** a job's answer has the type of the job sent under its id (TrainJobOutput, ScoreJobOutput or SynthFiles) */
  resolve(output: unknown): void;
  reject(error: AppError): void;
  onProgress(message: ProgressMessage): void;
}

/** How a BUSY refusal names the job that holds the process. */
const runningJobNames: Record<JobKind, string> = {
  train: 'a training job',
  score: 'a scoring job',
  synth: 'a synthetic dataset being generated',
};

export interface ComputeClientEvents {
  onBackend?(backend: BackendInfo): void;
  onCrash?(message: string): void;
}

/**
 * The host's handle on the one compute process: starts it on first use, runs one job at a time
 * (a second start gets a typed BUSY error), relays progress, and turns a crash into failed jobs
 * and a fresh process on the next request instead of taking the host down.
 */
export class ComputeClient {
  private transport: ComputeTransport | null = null;
  private ready: Promise<BackendInfo> | null = null;
  private readonly jobs = new Map<string, PendingJob>();
  /** the compute process's resident memory at its last progress report; null before any job */
  lastRssBytes: number | null = null;
  private readonly estimates = new Map<string, { resolve(value: Estimate): void; reject(error: AppError): void }>();
  backend: BackendInfo | null = null;
  /** set while restart() replaces the process: jobs, estimates and a second restart are refused meanwhile */
  private restarting = false;

  constructor(
    private readonly spawn: () => ComputeTransport,
    private readonly events: ComputeClientEvents = {},
  ) {}

  start(): Promise<BackendInfo> {
    if (this.ready) return this.ready;
    const transport = this.spawn();
    this.transport = transport;
    this.ready = new Promise<BackendInfo>((resolve, reject) => {
      transport.onMessage((message) => {
        if (message.type === 'ready') {
          this.backend = message.backend;
          this.events.onBackend?.(message.backend);
          resolve(message.backend);
        } else if (message.type === 'startFailed') {
          reject(AppError.fromShape(message.error));
        } else if (message.type !== 'probed') {
          this.dispatch(message);
        }
      });
      transport.onExit((code, signal) => {
        if (this.transport !== transport) return;
        const why = `the compute process stopped (${signal ?? `exit code ${code}`})`;
        reject(new AppError(errorCodes.computeCrashed, why));
        this.transport = null;
        this.ready = null;
        const hadJobs = this.jobs.size > 0;
        for (const [jobId, job] of this.jobs) {
          job.reject(new AppError(errorCodes.computeCrashed, `${why}; job ${jobId} was lost, the app is fine: start it again`));
        }
        this.jobs.clear();
        for (const pending of this.estimates.values()) pending.reject(new AppError(errorCodes.computeCrashed, why));
        this.estimates.clear();
        if (hadJobs || code !== 0) this.events.onCrash?.(why);
      });
    });
    this.ready.catch(() => undefined);
    return this.ready;
  }

  get busy(): boolean {
    return this.jobs.size > 0;
  }

  /** Why a new job would be refused now, naming the one that runs; null when the process is free. */
  get busyReason(): string | null {
    if (this.restarting) return 'the compute process is restarting with another backend: wait a moment';
    const running = this.runningJobName();
    return running && `${running} is already running: cancel it or wait for it to finish`;
  }

  private runningJobName(): string | null {
    const running = this.jobs.values().next().value;
    return running ? runningJobNames[running.kind] : null;
  }

  train(job: TrainJob, onProgress: (progress: JobProgress) => void): Promise<TrainJobOutput> {
    return this.run<TrainJobOutput>({ type: 'train', job }, (message) => {
      if (message.type === 'progress') onProgress(jobProgressOf(message));
    });
  }

  /** Scores rows with a saved model: a job like training, with the same progress, cancel and BUSY rules. */
  score(job: ScoreJob, onProgress: (progress: JobProgress) => void): Promise<ScoreJobOutput> {
    return this.run<ScoreJobOutput>({ type: 'score', job }, (message) => {
      if (message.type === 'progress') onProgress(jobProgressOf(message));
    });
  }

  /** Generates a synthetic dataset and writes it at job.csvPath: a job like the others, so the host stays free meanwhile. */
  synthesize(job: SynthJob, onProgress: (progress: SynthProgress) => void): Promise<SynthFiles> {
    return this.run<SynthFiles>({ type: 'synth', job }, (message) => {
      if (message.type === 'synthProgress') onProgress(message.progress);
    });
  }

  private async run<T>(message: Extract<HostMessage, { type: JobKind }>, onProgress: (message: ProgressMessage) => void): Promise<T> {
    const busyReason = this.busyReason;
    if (busyReason) throw new AppError(errorCodes.busy, busyReason);
    const { jobId } = message.job;
    const result = new Promise<T>((resolve, reject) => {
      this.jobs.set(jobId, { kind: message.type, resolve: (output) => resolve(output as T), reject, onProgress });
    });
    try {
      await this.start();
    } catch (error) {
      this.jobs.delete(jobId);
      throw error;
    }
    this.transport!.send(message);
    return result;
  }

  /** Measures an epoch of the config on the compute process's backend; refused while a job trains (it would distort both). */
  async estimate(request: EstimateRequest): Promise<Estimate> {
    if (this.restarting) throw new AppError(errorCodes.busy, this.busyReason!);
    const running = this.runningJobName();
    if (running) throw new AppError(errorCodes.busy, `${running} is running: the epoch time is measured when it is done`);
    await this.start();
    return new Promise<Estimate>((resolve, reject) => {
      this.estimates.set(request.requestId, { resolve, reject });
      this.transport!.send({ type: 'estimate', request });
    });
  }

  cancel(jobId: string): boolean {
    if (!this.jobs.has(jobId) || !this.transport) return false;
    this.transport.send({ type: 'cancel', jobId });
    return true;
  }

  /**
   * Replaces the process with a fresh one, which loads the backend the spawn function now asks for.
   * Refused with BUSY while a job runs or another restart does (checked before anything awaits, so a
   * caller that checked idleness in the same tick cannot be overtaken); an estimate in flight is
   * answered as cancelled.
   */
  async restart(): Promise<BackendInfo> {
    const busyReason = this.busyReason;
    if (busyReason) throw new AppError(errorCodes.busy, busyReason);
    this.restarting = true;
    try {
      this.stop('the compute process restarted with another backend: ask again');
      this.backend = null;
      return await this.start();
    } finally {
      this.restarting = false;
    }
  }

  /** Quitting (or a restart) cancels what runs: its jobs and estimates fail as cancelled rather than hang. */
  stop(why = 'the app is closing'): void {
    const transport = this.transport;
    this.transport = null;
    this.ready = null;
    for (const [jobId, job] of this.jobs) job.reject(new AppError(errorCodes.cancelled, `job ${jobId} was cancelled: ${why}`));
    this.jobs.clear();
    for (const pending of this.estimates.values()) pending.reject(new AppError(errorCodes.cancelled, why));
    this.estimates.clear();
    transport?.kill();
  }

  private dispatch(message: Exclude<ComputeMessage, { type: 'ready' | 'startFailed' | 'probed' }>): void {
    if (message.type === 'estimated') {
      const pending = this.estimates.get(message.requestId);
      this.estimates.delete(message.requestId);
      if (message.ok) pending?.resolve(message.value);
      else pending?.reject(AppError.fromShape(message.error));
      return;
    }
    const job = this.jobs.get(message.jobId);
    if (!job) return;
    if (message.type === 'progress' || message.type === 'synthProgress') {
      this.lastRssBytes = message.rssBytes;
      job.onProgress(message);
      return;
    }
    this.jobs.delete(message.jobId);
    if (message.ok) job.resolve(message.value);
    else job.reject(AppError.fromShape(message.error));
  }
}

function jobProgressOf({ jobId, phase, progress }: Extract<ComputeMessage, { type: 'progress' }>): JobProgress {
  return { jobId, phase, progress };
}
