/**
 * The compute process: the only place tfjs is loaded (tfjs-node cannot be loaded in several
 * threads, tensorflow/tfjs#8388). Electron starts it with utilityProcess.fork, web mode and the
 * CLI with child_process.fork; both deliver structured-cloned messages.
 */
import { AppError } from '../../shared/errors';
import { errorCodes } from '../../shared/ipc/contract';
import { loadBackend, type BackendChoice, type Tf } from '../ml/backend';
import type { ComputeMessage, HostMessage, TrainJob } from './protocol';
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
const queue: TrainJob[] = [];
let running = false;

async function drain(tf: Tf): Promise<void> {
  if (running) return;
  running = true;
  while (queue.length > 0) {
    const job = queue.shift()!;
    try {
      const value = await runTrainJob(tf, job, {
        onProgress: (phase, progress) => send({ type: 'progress', jobId: job.jobId, phase, progress }),
        isCancelled: () => cancelled.has(job.jobId),
      });
      send({ type: 'done', jobId: job.jobId, ok: true, value });
    } catch (error) {
      const shape =
        error instanceof AppError
          ? error.toShape()
          : { code: errorCodes.internal, message: error instanceof Error ? error.message : String(error) };
      send({ type: 'done', jobId: job.jobId, ok: false, error: shape });
    } finally {
      cancelled.delete(job.jobId);
    }
  }
  running = false;
}

async function main(): Promise<void> {
  const wanted = (process.env.LENS_BACKEND ?? 'auto') as BackendChoice;
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
    if (message.type === 'train') {
      queue.push(message.job);
      void drain(tf);
    }
  });
}

void main();

// A compute process never outlives its host.
process.on('disconnect', () => process.exit(0));
