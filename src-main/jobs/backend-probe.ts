/**
 * Which backends load on this machine, and why not. Each rung is tried in its own short-lived
 * compute process (`--probe <rung>`), never in the long-lived one: loading a native TensorFlow there
 * just to look would leave it in the process, and tfjs-node beside tfjs-node-gpu in one process is
 * what must not happen. A probe also lets us read TensorFlow's native log, which names the CUDA
 * library it could not open (it writes that to stderr and carries on on the CPU).
 */
import os from 'node:os';
import { classifyLoadError, classifyNoGpu, platformProblem, type Rung, type Unavailable } from '../ml/backend-availability';
import type { ComputeLaunch, ComputeTransport } from './transport';

export type Availability = { rung: Rung; available: true } | ({ rung: Rung; available: false } & Unavailable);

export const probeTimeoutMs = 60_000;

/** Runs one probe process and turns what it says (or its silence) into an availability. */
export function probeBackend(
  spawn: (launch: ComputeLaunch) => ComputeTransport,
  rung: Rung,
  options: { timeoutMs?: number; platform?: string; arch?: string } = {},
): Promise<Availability> {
  const problem = platformProblem(rung, options.platform ?? os.platform(), options.arch ?? os.arch());
  if (problem) return Promise.resolve({ rung, available: false, ...problem });
  return new Promise<Availability>((resolve) => {
    let output = '';
    let settled = false;
    let transport: ComputeTransport | null = null;
    const finish = (result: Availability) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      transport?.kill();
      resolve(result);
    };
    const timeoutMs = options.timeoutMs ?? probeTimeoutMs;
    const timer = setTimeout(
      () => finish({ rung, available: false, reason: `loading it did not finish within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`, remedy: null }),
      timeoutMs,
    );
    try {
      transport = spawn({ backend: rung, probe: true });
    } catch (error) {
      finish({ rung, available: false, ...classifyLoadError(rung, error instanceof Error ? error.message : String(error)) });
      return;
    }
    transport.onOutput?.((text) => {
      // the first lines carry the cause; a long native log is cut
      if (output.length < 64_000) output += text;
    });
    transport.onMessage((message) => {
      if (message.type === 'startFailed') finish({ rung, available: false, reason: message.error.message, remedy: null });
      if (message.type !== 'probed') return;
      const { outcome } = message;
      if (!outcome.ok) finish({ rung, available: false, ...classifyLoadError(rung, `${outcome.error}\n${output}`) });
      else if (rung === 'tensorflow-gpu' && !outcome.gpu) {
        // stderr may still be arriving after the message: give the native log a moment
        setTimeout(() => finish({ rung, available: false, ...classifyNoGpu(output) }), 200);
      } else finish({ rung, available: true });
    });
    transport.onExit((code, signal) => {
      // a native fault while loading takes the probe down before it can answer
      const why = `the probe process stopped (${signal ?? `exit code ${code}`}) while loading it`;
      finish({ rung, available: false, ...withFallbackReason(classifyLoadError(rung, output), why) });
    });
  });
}

function withFallbackReason(known: Unavailable, why: string): Unavailable {
  return known.reason.includes('did not load: unknown error') ? { reason: why, remedy: known.remedy } : known;
}

/** Probes several rungs at once: each in its own process, so they cannot disturb one another. */
export function probeBackends(spawn: (launch: ComputeLaunch) => ComputeTransport, rungs: readonly Rung[], options?: { timeoutMs?: number }): Promise<Availability[]> {
  return Promise.all(rungs.map((rung) => probeBackend(spawn, rung, options)));
}
