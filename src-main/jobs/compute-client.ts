import { AppError } from '../../shared/errors';
import type { BackendInfo } from '../../shared/ipc/app';
import { errorCodes } from '../../shared/ipc/contract';
import type { FitProgress } from '../ml/detectors/detector';
import type { ComputeMessage, Estimate, EstimateRequest, HostMessage, JobPhase, ScoreJob, ScoreJobOutput, TrainJob, TrainJobOutput } from './protocol';
import type { ComputeTransport } from './transport';

export interface JobProgress {
  jobId: string;
  phase: JobPhase;
  progress: FitProgress | null;
}

interface PendingJob {
  /** a job's answer has the type of the job sent under its id (TrainJobOutput or ScoreJobOutput) */
  resolve(output: unknown): void;
  reject(error: AppError): void;
  onProgress(progress: JobProgress): void;
}

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
        } else {
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

  train(job: TrainJob, onProgress: (progress: JobProgress) => void): Promise<TrainJobOutput> {
    return this.run<TrainJobOutput>({ type: 'train', job }, onProgress);
  }

  /** Scores rows with a saved model: a job like training, with the same progress, cancel and BUSY rules. */
  score(job: ScoreJob, onProgress: (progress: JobProgress) => void): Promise<ScoreJobOutput> {
    return this.run<ScoreJobOutput>({ type: 'score', job }, onProgress);
  }

  private async run<T>(message: Extract<HostMessage, { type: 'train' | 'score' }>, onProgress: (progress: JobProgress) => void): Promise<T> {
    if (this.busy) {
      throw new AppError(errorCodes.busy, 'a training job is already running: cancel it or wait for it to finish');
    }
    const { jobId } = message.job;
    const result = new Promise<T>((resolve, reject) => {
      this.jobs.set(jobId, { resolve: (output) => resolve(output as T), reject, onProgress });
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
    if (this.busy) throw new AppError(errorCodes.busy, 'a training job is running: the epoch time is measured when it is done');
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

  /** Quitting cancels what runs: its jobs fail as cancelled rather than hang. */
  stop(): void {
    const transport = this.transport;
    this.transport = null;
    this.ready = null;
    for (const [jobId, job] of this.jobs) job.reject(new AppError(errorCodes.cancelled, `job ${jobId} was cancelled because the app is closing`));
    this.jobs.clear();
    for (const pending of this.estimates.values()) pending.reject(new AppError(errorCodes.cancelled, 'the app is closing'));
    this.estimates.clear();
    transport?.kill();
  }

  private dispatch(message: Exclude<ComputeMessage, { type: 'ready' | 'startFailed' }>): void {
    if (message.type === 'estimated') {
      const pending = this.estimates.get(message.requestId);
      this.estimates.delete(message.requestId);
      if (message.ok) pending?.resolve(message.value);
      else pending?.reject(AppError.fromShape(message.error));
      return;
    }
    const job = this.jobs.get(message.jobId);
    if (!job) return;
    if (message.type === 'progress') {
      this.lastRssBytes = message.rssBytes;
      job.onProgress({ jobId: message.jobId, phase: message.phase, progress: message.progress });
      return;
    }
    this.jobs.delete(message.jobId);
    if (message.ok) job.resolve(message.value);
    else job.reject(AppError.fromShape(message.error));
  }
}
