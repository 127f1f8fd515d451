import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backendArgument, backendFlag } from './backend-flag';
import { UsageError } from './usage-error';

const allowed = 'must be one of auto, tensorflow-gpu, tensorflow, wasm, cpu';

describe('--backend', () => {
  it('takes a known choice, else LENS_BACKEND, else nothing; a wrong value names the allowed ones', () => {
    expect(backendFlag('wasm', {})).toBe('wasm');
    expect(backendFlag(undefined, { LENS_BACKEND: 'cpu' })).toBe('cpu');
    expect(backendFlag('tensorflow', { LENS_BACKEND: 'cpu' })).toBe('tensorflow');
    expect(backendFlag(undefined, {})).toBeNull();
    expect(() => backendFlag('gpu', {})).toThrow(new UsageError(`--backend ${allowed}, got gpu`));
    expect(() => backendFlag(undefined, { LENS_BACKEND: 'cuda' })).toThrow(`LENS_BACKEND ${allowed}, got cuda`);
  });

  it("finds the flag among a desktop launch's arguments, in either form, never after --", () => {
    expect(backendArgument(['electron', '--no-sandbox', '--backend=cpu', 'data.csv'])).toBe('cpu');
    expect(backendArgument(['app', '--backend', 'wasm', 'data.csv'])).toBe('wasm');
    expect(backendArgument(['app', '--backend'])).toBe('');
    expect(backendArgument(['app', 'data.csv'])).toBeUndefined();
    expect(backendArgument(['app', '--', '--backend=cpu'])).toBeUndefined();
  });

  const cli = path.resolve('dist/main/cli.cjs');
  const web = path.resolve('dist/main/web.cjs');
  const trainFile = path.resolve('../shared/datasets/smd-machine-1-7-train.csv');

  it('a wrong value is a usage error (exit 2) for analyze, score and web mode', () => {
    for (const [entry, args] of [
      [cli, ['analyze', '--train', trainFile, '--backend', 'gpu']],
      [cli, ['score', '--model', '.', '--data', trainFile, '--backend', 'gpu']],
      [web, ['--port', '0', '--backend', 'gpu']],
    ] as const) {
      const result = spawnSync(process.execPath, [entry, ...args], { encoding: 'utf8', timeout: 60_000 });
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr).toContain(`--backend ${allowed}, got gpu`);
    }
  });

  it('analyze runs on the chosen backend and prints it', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'lens-backend-flag-'));
    try {
      const result = spawnSync(process.execPath, [cli, 'analyze', '--train', trainFile, '--preset', 'pca', '--backend', 'cpu', '--out', out], {
        encoding: 'utf8',
        timeout: 300_000,
      });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stderr).toContain('tfjs backend: cpu (as chosen)');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
