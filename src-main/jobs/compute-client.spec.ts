import { describe, expect, it } from 'vitest';
import type { DenseConfig } from '../../shared/domain/model-config';
import { presets } from '../../shared/domain/presets';
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
