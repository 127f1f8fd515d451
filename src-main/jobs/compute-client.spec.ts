import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DenseConfig } from '../../shared/domain/model-config';
import { presets } from '../../shared/domain/presets';
import type { SynthesizeRequest } from '../../shared/ipc/datasets';
import { writeSynthetic, type SynthProgress } from '../data/synth-files';
import { ComputeClient } from './compute-client';
import { forkTransport, type ComputeTransport } from './transport';

function randomMatrix(n: number, d: number) {
  return { data: Float32Array.from({ length: n * d }, (_, i) => Math.sin(i * 0.37) + ((i * 7919) % 13) / 13), n, d };
}

const job = (jobId: string, epochs: number, n = 3000) => ({
  jobId,
  config: { ...(presets[0]!.config as DenseConfig), epochs, patience: 0 },
  signals: Array.from({ length: 8 }, (_, i) => `s${i}`),
  fit: randomMatrix(n, 8),
  fitLabels: null,
  validation: null,
  validationLabels: null,
  score: randomMatrix(50, 8),
});

describe('compute process', () => {
  it('reports its backend, streams progress and returns scores for every scored row', async () => {
    const client = new ComputeClient(() => forkTransport());
    try {
      const backend = await client.start();
      expect(['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu']).toContain(backend.name);
      const phases = new Set<string>();
      const output = await client.train(job('j1', 2, 500), (progress) => phases.add(progress.phase));
      expect([...phases]).toEqual(['preparing', 'training', 'scoring']);
      expect(output.scores).toHaveLength(50);
      expect(output.errors).toHaveLength(50 * 8);
      expect(output.report.epochsRun).toBe(2);
    } finally {
      client.stop();
    }
  });

  it('refuses a second job while one runs, and cancels the first within a second', async () => {
    const client = new ComputeClient(() => forkTransport());
    try {
      await client.start();
      let sawBatch!: () => void;
      const training = new Promise<void>((resolve) => (sawBatch = resolve));
      const first = client.train(job('long', 500), (progress) => progress.progress && sawBatch());
      await training;
      await expect(client.train(job('second', 1), () => undefined)).rejects.toMatchObject({ code: 'BUSY' });
      const cancelledAt = Date.now();
      expect(client.cancel('long')).toBe(true);
      await expect(first).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(Date.now() - cancelledAt).toBeLessThan(1000);
    } finally {
      client.stop();
    }
  });

  it('turns a crash into a failed job and starts a fresh process for the next one', async () => {
    let current: ComputeTransport | null = null;
    const crashes: string[] = [];
    const client = new ComputeClient(
      () => (current = forkTransport()),
      { onCrash: (message) => crashes.push(message) },
    );
    try {
      await client.start();
      let sawBatch!: () => void;
      const training = new Promise<void>((resolve) => (sawBatch = resolve));
      const doomed = client.train(job('doomed', 500), (progress) => progress.progress && sawBatch());
      await training;
      current!.kill();
      await expect(doomed).rejects.toMatchObject({ code: 'COMPUTE_CRASHED' });
      expect(crashes).toHaveLength(1);
      const output = await client.train(job('after', 1, 200), () => undefined);
      expect(output.report.epochsRun).toBe(1);
    } finally {
      client.stop();
    }
  });
});

describe('synth jobs in the compute process', () => {
  const request: SynthesizeRequest = { rows: 20_000, signals: 12, anomalyShare: 0.05, kinds: ['mean-shift', 'variance-explosion'], seed: 21 };

  it('writes the same files as writing directly, reporting rows generated then rows formatted', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lens-synth-job-'));
    const client = new ComputeClient(() => forkTransport());
    try {
      const steps: SynthProgress[] = [];
      const files = await client.synthesize({ jobId: 'synth-1', request, csvPath: path.join(dir, 'job.csv') }, (step) => steps.push(step));
      const direct = await writeSynthetic(path.join(dir, 'direct.csv'), request);
      expect({ ...files, csvPath: '', truthPath: '' }).toEqual({ ...direct, csvPath: '', truthPath: '' });
      expect(await readFile(files.csvPath, 'utf8')).toBe(await readFile(direct.csvPath, 'utf8'));
      expect(await readFile(files.truthPath, 'utf8')).toBe(await readFile(direct.truthPath, 'utf8'));

      const stages = steps.map((step) => step.stage);
      expect(stages.indexOf('writing')).toBe(stages.lastIndexOf('generating') + 1);
      for (const stage of ['generating', 'writing'] as const) {
        const rows = steps.filter((step) => step.stage === stage).map((step) => step.rowsDone);
        expect(rows.length).toBeGreaterThan(1);
        expect(rows.every((done, i) => i === 0 || done > rows[i - 1]!)).toBe(true);
        expect(rows.at(-1)).toBe(request.rows);
      }
      expect(client.busy).toBe(false);
    } finally {
      client.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a synthesis with BUSY while training runs, and training while a synthesis runs', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lens-synth-job-'));
    const client = new ComputeClient(() => forkTransport());
    try {
      await client.start();
      let sawBatch!: () => void;
      const training = new Promise<void>((resolve) => (sawBatch = resolve));
      const long = client.train(job('long', 500), (progress) => progress.progress && sawBatch());
      await training;
      await expect(client.synthesize({ jobId: 's', request, csvPath: path.join(dir, 'a.csv') }, () => undefined)).rejects.toMatchObject({
        code: 'BUSY',
        message: expect.stringContaining('a training job is already running'),
      });
      client.cancel('long');
      await expect(long).rejects.toMatchObject({ code: 'CANCELLED' });

      let sawStep!: () => void;
      const generating = new Promise<void>((resolve) => (sawStep = resolve));
      const synthesis = client.synthesize({ jobId: 's2', request, csvPath: path.join(dir, 'b.csv') }, () => sawStep());
      await generating;
      await expect(client.train(job('t', 1), () => undefined)).rejects.toMatchObject({
        code: 'BUSY',
        message: expect.stringContaining('a synthetic dataset being generated'),
      });
      await synthesis;
      expect(existsSync(path.join(dir, 'b.csv'))).toBe(true);
    } finally {
      client.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails a synthesis that cannot write its file with the reason, and the process takes the next job', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lens-synth-job-'));
    const client = new ComputeClient(() => forkTransport());
    try {
      // a folder cannot be made below a plain file
      const blocker = path.join(dir, 'not-a-folder');
      await writeFile(blocker, 'x');
      const small = { ...request, rows: 1000 };
      await expect(client.synthesize({ jobId: 'bad', request: small, csvPath: path.join(blocker, 'x.csv') }, () => undefined)).rejects.toMatchObject({
        code: 'INTERNAL',
        message: expect.stringContaining('not-a-folder'),
      });
      expect(client.busy).toBe(false);
      const files = await client.synthesize({ jobId: 'good', request: small, csvPath: path.join(dir, 'good.csv') }, () => undefined);
      expect(existsSync(files.truthPath)).toBe(true);
    } finally {
      client.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
