import { afterAll, describe, expect, it } from 'vitest';
import { findPreset } from '../../../shared/domain/presets';
import { ComputeClient } from '../../jobs/compute-client';
import { forkTransport } from '../../jobs/transport';
import { describeModel } from './models';

const compute = new ComputeClient(() => forkTransport());
afterAll(() => compute.stop());

const request = (config: unknown, measure = false) => ({ config, inputSize: 38, trainingRows: 5000, hasLabels: true, signals: null, measure });

describe('models:describe', () => {
  it('counts parameters and samples per epoch without training anything', async () => {
    const described = await describeModel({ compute }, request(findPreset('dense-relu')!.config));
    // 38-64-32-16-32-64-38 dense layers
    expect(described.parameterCount).toBe(38 * 64 + 64 + 64 * 32 + 32 + 32 * 16 + 16 + 16 * 32 + 32 + 32 * 64 + 64 + 64 * 38 + 38);
    expect(described.samplesPerEpoch).toBe(4500);
    expect(described.epochs).toBe(30);
    expect(described.estimatedEpochMs).toBeNull();
    expect(described.estimateNote).toBe('not measured yet');
  });

  it('measures an epoch of the real model on the compute backend when asked', async () => {
    const config = { ...findPreset('conv-small')!.config, batchSize: 64 };
    const described = await describeModel({ compute }, request(config, true));
    // 4500 rows at stride 4 give 1111 windows of 60 rows: 18 batches of 64
    expect(described.samplesPerEpoch).toBe(1111);
    expect(described.estimatedEpochMs).toBeGreaterThan(0);
    expect(described.issues).toEqual([]);
  });

  it('gives field-level problems instead of refusing a half-edited config', async () => {
    const described = await describeModel({ compute }, request({ ...findPreset('vae-latent-8')!.config, latentSize: 38, epochs: -1 }, true));
    expect(described.issues.map((issue) => issue.field)).toEqual(['epochs']);
    expect(described.parameterCount).toBeNull();
    const tooWide = await describeModel({ compute }, request({ ...findPreset('vae-latent-8')!.config, latentSize: 38 }, true));
    expect(tooWide.issues).toEqual([{ field: 'latentSize', message: 'latent size must be smaller than the input size 38', severity: 'error' }]);
    expect(tooWide.estimatedEpochMs).toBeNull();
    expect(tooWide.estimateNote).toBe('fix the fields above first');
  });

  it('has nothing to measure for one-pass baselines', async () => {
    const described = await describeModel({ compute }, request(findPreset('iforest')!.config, true));
    expect(described.epochs).toBeNull();
    expect(described.estimateNote).toBe('fits in one pass, no epochs');
  });
});
