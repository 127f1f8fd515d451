import { isNeural, isSupervised, windowOf, type ModelConfig } from '../../shared/domain/model-config';
import { samplesPerEpoch, totalEpochs } from './estimate-plan';
import { mulberry32 } from '../../shared/random';
import type { Estimate } from '../jobs/protocol';
import type { Tf } from './backend';
import { createDetector } from './detectors/registry';

/** Batches timed after a warm-up run: enough to average out one slow step, few enough to answer in seconds. */
const timedBatches = 6;

/**
 * Measures, on this backend, what one epoch of this config costs: trains the real model on random
 * rows of the right width for a few batches after a warm-up run, and scales to the epoch's batches.
 */
export async function estimateTraining(tf: Tf, config: ModelConfig, inputSize: number, trainingRows: number): Promise<Estimate> {
  const epochs = totalEpochs(config);
  if (!isNeural(config) || epochs === null) return { epochMs: null, epochs: null };
  const window = windowOf(config);
  const stride = window?.stride ?? 1;
  const rows = (window?.length ?? 0) + timedBatches * config.batchSize * stride;
  const random = mulberry32(1);
  const X = { data: Float32Array.from({ length: rows * inputSize }, () => random() - 0.5), n: rows, d: inputSize };
  const labels = isSupervised(config) ? Uint8Array.from({ length: rows }, (_, i) => i % 2) : null;
  const probe = { ...config, epochs: 1, patience: 0, validationFraction: 0 } as ModelConfig;
  if (probe.family === 'rdae') Object.assign(probe, { outerIterations: 1, innerEpochs: 1 });
  if (probe.family === 'ae-classifier') Object.assign(probe, { headEpochs: 1 });
  const time = async () => {
    const detector = createDetector(tf, probe);
    try {
      const report = await detector.fit(X, { labels });
      return report.trainSeconds * 1000;
    } finally {
      detector.dispose();
    }
  };
  await time(); // kernels are set up on first use
  const measured = await time();
  const batchesMeasured = Math.max(1, Math.ceil(samplesPerEpoch(probe, rows) / config.batchSize));
  const batchesPerEpoch = Math.max(1, Math.ceil(samplesPerEpoch(config, trainingRows) / config.batchSize));
  return { epochMs: (measured / batchesMeasured) * batchesPerEpoch, epochs };
}
