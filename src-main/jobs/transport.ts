import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ComputeMessage, HostMessage } from './protocol';

/** What the client needs of a compute process, whichever way it was started. */
export interface ComputeTransport {
  send(message: HostMessage): void;
  onMessage(listener: (message: ComputeMessage) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

/** The built compute entry sits beside the bundle that imports this module. */
export function defaultComputeEntry(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const beside = path.join(here, 'compute.cjs');
  return existsSync(beside) ? beside : path.resolve(here, '../../dist/main/compute.cjs');
}

/** Web mode and the CLI: child_process.fork with structured-clone serialization for typed arrays. */
export function forkTransport(entry = defaultComputeEntry(), env: NodeJS.ProcessEnv = process.env): ComputeTransport {
  const child = fork(entry, [], {
    serialization: 'advanced',
    // the compute process' own stdout (tfjs notices) must not mix into the CLI's stdout
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env,
  });
  child.stdout?.pipe(process.stderr);
  return {
    send: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', (message) => listener(message as ComputeMessage)),
    onExit: (listener) => child.on('exit', (code, signal) => listener(code, signal)),
    kill: () => {
      if (child.exitCode === null) child.kill();
    },
  };
}
