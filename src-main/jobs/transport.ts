import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendChoice } from '../../shared/ipc/settings';
import type { ComputeMessage, HostMessage } from './protocol';

/** What the client needs of a compute process, whichever way it was started. */
export interface ComputeTransport {
  send(message: HostMessage): void;
  onMessage(listener: (message: ComputeMessage) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** a probe's stdout and stderr: TensorFlow logs there which CUDA library it could not open */
  onOutput?(listener: (text: string) => void): void;
  kill(): void;
}

/** How to start a compute process: the backend it loads, and whether it only probes that one backend. */
export interface ComputeLaunch {
  backend: BackendChoice;
  /** a short-lived process that tries `backend` alone and reports (its output is read, not shown) */
  probe?: boolean;
}

/** The compute entry's arguments for a launch. */
export function computeArgs(launch: ComputeLaunch): string[] {
  return launch.probe ? ['--probe', launch.backend] : [];
}

/** The compute entry's environment for a launch: LENS_BACKEND is what it loads. */
export function computeEnv(launch: ComputeLaunch, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    LENS_BACKEND: launch.backend,
    // a probe of tfjs-node-gpu beside a training on the GPU must not take all of its memory
    ...(launch.probe ? { TF_FORCE_GPU_ALLOW_GROWTH: 'true' } : {}),
  };
}

/** The built compute entry sits beside the bundle that imports this module. */
export function defaultComputeEntry(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const beside = path.join(here, 'compute.cjs');
  return existsSync(beside) ? beside : path.resolve(here, '../../dist/main/compute.cjs');
}

/**
 * Web mode and the CLI: child_process.fork with structured-clone serialization for typed arrays.
 * Without a launch the process loads what LENS_BACKEND in this environment says (else `auto`).
 */
export function forkTransport(launch?: ComputeLaunch, entry = defaultComputeEntry()): ComputeTransport {
  const probe = launch?.probe === true;
  const child = fork(entry, launch ? computeArgs(launch) : [], {
    serialization: 'advanced',
    // the compute process' own stdout (tfjs notices) must not mix into the CLI's stdout; a probe's output is read
    stdio: ['ignore', 'pipe', probe ? 'pipe' : 'inherit', 'ipc'],
    env: launch ? computeEnv(launch) : process.env,
  });
  if (!probe) child.stdout?.pipe(process.stderr);
  return {
    send: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', (message) => listener(message as ComputeMessage)),
    onExit: (listener) => child.on('exit', (code, signal) => listener(code, signal)),
    onOutput: (listener) => {
      child.stdout?.on('data', (chunk: Buffer) => listener(chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => listener(chunk.toString()));
    },
    kill: () => {
      if (child.exitCode === null) child.kill();
    },
  };
}
