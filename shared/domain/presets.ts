import type { DenseConfig, Preset } from './model-config';

const denseDefaults: Omit<DenseConfig, 'preset' | 'hiddenLayers' | 'activation' | 'dropout'> = {
  family: 'dense',
  learningRate: 1e-3,
  batchSize: 32,
  epochs: 30,
  patience: 3,
  validationFraction: 0.1,
  seed: 42,
  scaler: 'standard',
};

/** The seed studies' dense autoencoders (DESIGN section 3), by name. */
export const presets: Preset[] = [
  {
    name: 'dense-relu',
    title: 'Dense, funnel 64-32-16',
    description: 'Learns how your signals move together by squeezing them through 16 numbers, so only the main patterns survive; start here.',
    config: { ...denseDefaults, preset: 'dense-relu', hiddenLayers: [64, 32, 16, 32, 64], activation: 'relu', dropout: 0 },
  },
  {
    name: 'seed-hpc',
    title: 'Dense, one hidden layer (seed-hpc)',
    description: 'The HPC study\'s model: one layer of 64 units; fast; learns too little of the structure when you have fewer than 64 signals.',
    config: { ...denseDefaults, preset: 'seed-hpc', hiddenLayers: [64], activation: 'relu', dropout: 0 },
  },
  {
    name: 'deep-tanh',
    title: 'Deep dense, tanh 128-64-32-16',
    description: 'A deeper funnel with smooth activations; learns curved relations between signals, trains slower.',
    config: {
      ...denseDefaults,
      preset: 'deep-tanh',
      hiddenLayers: [128, 64, 32, 16, 32, 64, 128],
      activation: 'tanh',
      dropout: 0,
    },
  },
  {
    name: 'deep-leaky-dropout',
    title: 'Deep dense, leaky ReLU with dropout',
    description: 'The deep funnel with dropout 0.2, so it memorises less noise; use when the training data is noisy.',
    config: {
      ...denseDefaults,
      preset: 'deep-leaky-dropout',
      hiddenLayers: [128, 64, 32, 16, 32, 64, 128],
      activation: 'leakyRelu',
      dropout: 0.2,
    },
  },
];

/**
 * A funnel, not seed-hpc: with fewer signals than hidden units an autoencoder without a bottleneck
 * can learn to copy its input and then reconstructs anomalies too (SMD machine-1-7, 38 signals:
 * ROC-AUC 0.78-0.81 for seed-hpc against 0.84-0.87 for dense-relu over four seeds).
 */
export const defaultPresetName = 'dense-relu';

export function findPreset(name: string): Preset | undefined {
  return presets.find((preset) => preset.name === name);
}
