import { createRequire } from 'node:module';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { platformProblem } from '../ml/backend-availability';
import { probeBackend, probeBackends } from './backend-probe';
import type { ComputeMessage } from './protocol';
import { forkTransport, type ComputeTransport } from './transport';

const require = createRequire(import.meta.url);
const gpuInstalled = (() => {
  try {
    require.resolve('@tensorflow/tfjs-node-gpu');
    return true;
  } catch {
    return false;
  }
})();

describe('probing backends in short-lived compute processes', () => {
  it('wasm and cpu load here', async () => {
    const results = await probeBackends(forkTransport, ['wasm', 'cpu']);
    expect(results).toEqual([
      { rung: 'wasm', available: true },
      { rung: 'cpu', available: true },
    ]);
  });

  it.skipIf(gpuInstalled)('tensorflow-gpu does not: tfjs-node-gpu is not installed (or the platform has no GPU build)', async () => {
    const result = await probeBackend(forkTransport, 'tensorflow-gpu');
    const platform = platformProblem('tensorflow-gpu', os.platform(), os.arch());
    expect(result).toEqual(
      platform
        ? { rung: 'tensorflow-gpu', available: false, ...platform }
        : { rung: 'tensorflow-gpu', available: false, reason: 'tfjs-node-gpu is not installed', remedy: expect.stringContaining('npm install @tensorflow/tfjs-node-gpu') },
    );
  });

  it('a probe that never answers times out; one that dies says so; either way the process is stopped', async () => {
    const killed: string[] = [];
    const fake = (behaviour: 'silent' | 'dies') => (): ComputeTransport => {
      let onExit: (code: number | null, signal: string | null) => void = () => undefined;
      return {
        send: () => undefined,
        onMessage: (_listener: (message: ComputeMessage) => void) => undefined,
        onExit: (listener) => {
          onExit = listener;
          if (behaviour === 'dies') setTimeout(() => onExit(null, 'SIGSEGV'), 10);
        },
        onOutput: () => undefined,
        kill: () => killed.push(behaviour),
      };
    };
    expect(await probeBackend(fake('silent'), 'wasm', { timeoutMs: 50 })).toEqual({ rung: 'wasm', available: false, reason: 'loading it did not finish within 50 ms', remedy: null });
    expect(await probeBackend(fake('dies'), 'wasm', { timeoutMs: 5000 })).toEqual({
      rung: 'wasm',
      available: false,
      reason: 'the probe process stopped (SIGSEGV) while loading it',
      remedy: null,
    });
    expect(killed).toEqual(['silent', 'dies']);
  });
});
