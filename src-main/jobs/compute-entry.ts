/**
 * The compute process: the only place tfjs is loaded (tfjs-node cannot be loaded in several
 * threads, tensorflow/tfjs#8388). Electron starts it with utilityProcess.fork, web mode and the
 * CLI with child_process.fork; both deliver structured-cloned messages. It also generates synthetic
 * datasets, seconds of synchronous work the host must not spend on its own thread.
 */
import { AppError } from '../../shared/errors';
import { errorCodes } from '../../shared/ipc/contract';
import { writeSynthetic, type SynthFiles } from '../data/synth-files';
import { backendChoiceSchema } from '../../shared/ipc/settings';
import { loadBackend, probeRung, type Tf } from '../ml/backend';
import { ladder, type Rung } from '../ml/backend-availability';
import { estimateTraining } from '../ml/estimate';
import type { FitProgress } from '../ml/detectors/detector';
import type { ComputeMessage, EstimateRequest, HostMessage, JobPhase, ScoreJob, ScoreJobOutput, SynthJob, TrainJob, TrainJobOutput } from './protocol';
import { runScoreJob } from './score-job';
import { runTrainJob } from './train-job';

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function send(message: ComputeMessage): void {
  if (parentPort) parentPort.postMessage(message);
  else process.send?.(message);
}

function onMessage(listener: (message: HostMessage) => void): void {
  if (parentPort) parentPort.on('message', (event) => listener(event.data as HostMessage));
  else process.on('message', (message) => listener(message as HostMessage));
}

const cancelled = new Set<string>();
type QueuedJob = { kind: 'train'; job: TrainJob } | { kind: 'score'; job: ScoreJob } | { kind: 'synth'; job: SynthJob };
/** Estimates queue with the jobs, so a measured epoch time is never distorted by a job running beside it. */
const queue: Array<QueuedJob | { kind: 'estimate'; request: EstimateRequest }> = [];
let running = false;

function errorShape(error: unknown) {
  return error instanceof AppError
    ? error.toShape()
    : { code: errorCodes.internal, message: error instanceof Error ? error.message : String(error) };
}

async function estimate(tf: Tf, request: EstimateRequest): Promise<void> {
  try {
    const value = await estimateTraining(tf, request.config, request.inputSize, request.trainingRows);
    send({ type: 'estimated', requestId: request.requestId, ok: true, value });
  } catch (error) {
    send({ type: 'estimated', requestId: request.requestId, ok: false, error: errorShape(error) });
  }
}

function runJob(tf: Tf, next: QueuedJob): Promise<TrainJobOutput | ScoreJobOutput | SynthFiles> {
  const { jobId } = next.job;
  const isCancelled = () => cancelled.has(jobId);
  if (next.kind === 'synth') {
    return writeSynthetic(next.job.csvPath, next.job.request, {
      onProgress: (progress) => send({ type: 'synthProgress', jobId, progress, rssBytes: process.memoryUsage().rss }),
      isCancelled,
    });
  }
  const hooks = {
    onProgress: (phase: JobPhase, progress: FitProgress | null) => send({ type: 'progress', jobId, phase, progress, rssBytes: process.memoryUsage().rss }),
    isCancelled,
  };
  return next.kind === 'train' ? runTrainJob(tf, next.job, hooks) : runScoreJob(tf, next.job, hooks);
}

async function drain(tf: Tf): Promise<void> {
  if (running) return;
  running = true;
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (next.kind === 'estimate') {
      await estimate(tf, next.request);
      continue;
    }
    const job = next.job;
    try {
      const value = await runJob(tf, next);
      send({ type: 'done', jobId: job.jobId, ok: true, value });
    } catch (error) {
      send({ type: 'done', jobId: job.jobId, ok: false, error: errorShape(error) });
    } finally {
      cancelled.delete(job.jobId);
    }
  }
  running = false;
}

async function main(): Promise<void> {
  // the host validates the choice; a stray value from the environment falls back to the ladder
  const wanted = backendChoiceSchema.catch('auto').parse(process.env.LENS_BACKEND ?? 'auto');
  let tf: Tf;
  try {
    const loaded = await loadBackend(wanted);
    tf = loaded.tf;
    send({ type: 'ready', backend: loaded.info });
  } catch (error) {
    send({ type: 'startFailed', error: { code: errorCodes.internal, message: String(error) } });
    process.exitCode = 1;
    return;
  }
  onMessage((message) => {
    if (message.type === 'cancel') cancelled.add(message.jobId);
    if (message.type === 'train') queue.push({ kind: 'train', job: message.job });
    if (message.type === 'score') queue.push({ kind: 'score', job: message.job });
    if (message.type === 'synth') queue.push({ kind: 'synth', job: message.job });
    if (message.type === 'estimate') queue.push({ kind: 'estimate', request: message.request });
    void drain(tf);
  });
}

/**
 * `--probe <rung>`: load that one backend, report how it went, and wait to be stopped. The host asks
 * this of a short-lived process per backend (jobs/backend-probe.ts), so the long-lived process only
 * ever loads what it runs: probing tfjs-node-gpu inside it beside a loaded tfjs-node would put two
 * native TensorFlows in one process, and a failed native load can leave a process half-initialised.
 */
async function probe(rung: Rung): Promise<void> {
  send({ type: 'probed', outcome: await probeRung(rung) });
  // the host stops a probe once it has read the answer; this is for a host that went away
  setTimeout(() => process.exit(0), 10_000).unref();
}

const probeAt = process.argv.indexOf('--probe');
const probed = probeAt >= 0 ? process.argv[probeAt + 1] : undefined;
if (probeAt < 0) void main();
else if (probed && (ladder as readonly string[]).includes(probed)) void probe(probed as Rung);
else {
  send({ type: 'startFailed', error: { code: errorCodes.badRequest, message: `--probe needs one of ${ladder.join(', ')}, got ${probed}` } });
  process.exitCode = 2;
}

// A compute process never outlives its host.
process.on('disconnect', () => process.exit(0));
