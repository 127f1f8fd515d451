import type { ModelFamily, ModelWindow, Preset, Scoring } from './model-config';

/**
 * Every signal's error in units of its typical training error, averaged over the signals and then
 * over `rows` rows centred on the row. On SMD machine-1-7 this lifts ROC-AUC from 0.85 to 0.93 for
 * both the dense autoencoder and PCA, and ranking culprits over the same rows lifts HitRate@150 from
 * 0.50 to 0.66 (npm run bench -- quality); the closing notes of issue 5 hold the whole study.
 */
function scoringOver(rows: number): Scoring {
  return { normalise: 'typical-error', smoothingRows: rows, smoothingAlign: 'centred' };
}

/** A tree's score has no error per signal to normalise; it is smoothed like the others. */
const treeScoring: Scoring = { normalise: 'none', smoothingRows: 60, smoothingAlign: 'centred' };

/** A classifier's score is a probability of "anomaly" read against one half: it is left as it is. */
const probabilityScoring: Scoring = { normalise: 'none', smoothingRows: 1, smoothingAlign: 'centred' };

/** An hour of rows at one a minute; windowed models smooth over their own window instead. */
const preprocessing = { scaler: 'standard' as const, log1pSignals: [] as string[], l2Rows: false, scoring: scoringOver(60) };
const training = { learningRate: 1e-3, batchSize: 32, epochs: 30, patience: 3, validationFraction: 0.1, seed: 42 };
const denseDefaults = { family: 'dense' as const, ...preprocessing, ...training };
const funnel = [64, 32, 16, 32, 64];

/**
 * Sequence windows of an hour at one row a minute (T=60). Training slides by several rows because
 * neighbouring windows overlap almost entirely (and tfjs recurrent layers are slow); scoring always
 * slides by one, so every row is scored.
 */
function windowOf(length: number, stride: number): ModelWindow {
  return { length, stride, attribution: 'last' };
}

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
  {
    name: 'conv-small',
    title: 'Conv1D, windows of 60 rows',
    description: 'Looks at an hour of rows at a time with small filters; learns the usual shapes of your signals over time. The fast choice for sequences.',
    config: {
      family: 'conv1d',
      preset: 'conv-small',
      ...preprocessing,
      ...training,
      window: windowOf(60, 4),
      scoring: scoringOver(60),
      filters: [32, 16],
      kernelSize: 7,
      activation: 'relu',
    },
  },
  {
    name: 'window-dense-60-20',
    title: 'Dense on windows of 144 rows',
    description: 'Flattens a day of 10-minute rows into one long input and squeezes it through 20 numbers; simple and fast for a few signals.',
    config: {
      family: 'window-dense',
      preset: 'window-dense-60-20',
      ...preprocessing,
      ...training,
      window: windowOf(144, 8),
      scoring: scoringOver(144),
      hiddenLayers: [60, 20, 60],
      activation: 'relu',
      dropout: 0,
    },
  },
  {
    name: 'lstm-64',
    title: 'LSTM, 64 units',
    description: 'A recurrent network that reads an hour of rows step by step and remembers what came before; slow to train here, strong on slow drifts.',
    config: { family: 'lstm', preset: 'lstm-64', ...preprocessing, ...training, window: windowOf(60, 10), encoderUnits: [64] },
  },
  {
    name: 'lstm-32-16',
    title: 'LSTM, 32 then 16 units',
    description: 'Two stacked recurrent layers that summarise a window in 16 numbers; use when one layer reconstructs anomalies too well.',
    config: { family: 'lstm', preset: 'lstm-32-16', ...preprocessing, ...training, window: windowOf(60, 10), encoderUnits: [32, 16] },
  },
  {
    name: 'gru-32-16',
    title: 'GRU, 32 then 16 units',
    description: 'Like the LSTM with a simpler memory cell: a little faster, usually as good.',
    config: { family: 'gru', preset: 'gru-32-16', ...preprocessing, ...training, window: windowOf(60, 10), encoderUnits: [32, 16] },
  },
  ...[2, 4, 8, 16].map(
    (latentSize): Preset => ({
      name: `vae-latent-${latentSize}`,
      title: `Variational, ${latentSize} latent numbers`,
      description: `A probabilistic autoencoder that describes each row by ${latentSize} uncertain numbers; its scores are smoother and it says how unlikely a row is.`,
      config: {
        family: 'vae',
        preset: `vae-latent-${latentSize}`,
        ...preprocessing,
        ...training,
        encoderLayers: [128, 64],
        latentSize,
        activation: 'relu',
        beta: 1,
        annealEpochs: 10,
      },
    }),
  ),
  ...(
    [
      ['l1', 'single wrong readings', 'Separates single wrong readings (spikes, stuck values) from the normal pattern before learning it.'],
      ['l21-rows', 'whole abnormal rows', 'Sets whole abnormal rows aside while it learns, so a training set that is not perfectly clean still gives a good model.'],
      ['l21-cols', 'corrupted signals', 'Sets whole misbehaving signals aside while it learns; use when a sensor may be broken for long stretches.'],
    ] as const
  ).map(
    ([norm, what, description]): Preset => ({
      name: `rdae-${norm}`,
      title: `Robust autoencoder, ignores ${what}`,
      description,
      config: {
        family: 'rdae',
        preset: `rdae-${norm}`,
        ...preprocessing,
        ...training,
        hiddenLayers: funnel,
        activation: 'relu',
        norm,
        // a group goes into S when the autoencoder leaves more than half of a typical group unexplained
        lambda: 0.5,
        lambdaScale: 'share',
        outerIterations: 10,
        innerEpochs: 5,
        eps: 1e-3,
      },
    }),
  ),
  {
    name: 'pca',
    title: 'PCA baseline',
    description: 'Not a neural network: keeps the main directions of your data (95% of the variance). If an autoencoder does not beat it, use this.',
    config: { family: 'pca', preset: 'pca', ...preprocessing, varianceToKeep: 0.95, components: 0 },
  },
  {
    name: 'iforest',
    title: 'Isolation Forest baseline',
    description: 'Not a neural network: random trees that isolate unusual rows quickly. Gives a score, but cannot tell which signals caused it.',
    config: { family: 'iforest', preset: 'iforest', ...preprocessing, scoring: treeScoring, trees: 100, sampleSize: 256, seed: 42, window: null },
  },
  {
    name: 'iforest-windows-144',
    title: 'Isolation Forest on windows of 144 rows',
    description: 'Not a neural network: random trees that isolate unusual shapes over a day of 10-minute rows. Strong on one or a few signals; cannot tell which signals caused it.',
    config: {
      family: 'iforest',
      preset: 'iforest-windows-144',
      ...preprocessing,
      trees: 100,
      sampleSize: 256,
      seed: 42,
      window: windowOf(144, 4),
      scoring: { ...treeScoring, smoothingRows: 144 },
    },
  },
  {
    name: 'ae-classifier',
    title: 'Supervised: autoencoder features + classifier',
    description: 'Needs labelled anomalies in the training rows: learns the normal pattern, then learns which departures from it you labelled as anomalies.',
    config: {
      family: 'ae-classifier',
      preset: 'ae-classifier',
      ...preprocessing,
      scoring: probabilityScoring,
      ...training,
      hiddenLayers: funnel,
      activation: 'relu',
      dropout: 0,
      headEpochs: 30,
    },
  },
  {
    name: 'clstm',
    title: 'Supervised: C-LSTM on windows',
    description: 'Needs labelled anomalies in the training rows: convolution and LSTM layers learn what the labelled anomalies look like over an hour of rows.',
    config: {
      family: 'clstm',
      preset: 'clstm',
      ...preprocessing,
      ...training,
      window: windowOf(60, 5),
      scoring: probabilityScoring,
      filters: [32, 64],
      kernelSize: 5,
      lstmUnits: 64,
      denseUnits: 32,
    },
  },
];

/** What each family is, in one plain sentence, and when to reach for it: the model wizard's cards. */
export interface FamilyGuide {
  family: ModelFamily;
  title: string;
  what: string;
  when: string;
}

export const familyGuides: FamilyGuide[] = [
  { family: 'dense', title: 'Dense autoencoder', what: 'Learns how your signals move together at each moment.', when: 'Start here: fast, and good when an anomaly shows in one row.' },
  { family: 'window-dense', title: 'Dense on windows', what: 'Looks at a stretch of rows at once as one long input.', when: 'A few signals whose shape over time matters.' },
  { family: 'conv1d', title: 'Convolutional', what: 'Learns the usual short shapes of your signals over time.', when: 'Sequences, when you want the fast choice.' },
  { family: 'lstm', title: 'LSTM', what: 'Reads rows one after another and remembers what came before.', when: 'Slow drifts and patterns that unfold over many rows; slow to train here.' },
  { family: 'gru', title: 'GRU', what: 'Like the LSTM with a simpler memory.', when: 'As the LSTM, a little faster.' },
  { family: 'vae', title: 'Variational autoencoder', what: 'Describes each row by a few uncertain numbers and says how unlikely it is.', when: 'Noisy signals, when you want smoother scores.' },
  { family: 'rdae', title: 'Robust autoencoder', what: 'Sets suspicious values aside while it learns the normal pattern.', when: 'Training data that is not perfectly clean.' },
  { family: 'pca', title: 'PCA baseline', what: 'Keeps the main directions of your data; not a neural network.', when: 'Always worth a look: the bar an autoencoder has to clear (it won on SMD).' },
  { family: 'iforest', title: 'Isolation Forest', what: 'Random trees isolate unusual rows or windows; no error per signal.', when: 'One or a few signals; a second opinion on the score.' },
  { family: 'ae-classifier', title: 'Supervised classifier', what: 'Learns which departures from normal you labelled as anomalies.', when: 'Only with labelled anomalies in the training rows.' },
  { family: 'clstm', title: 'Supervised C-LSTM', what: 'Learns what labelled anomalies look like over a window of rows.', when: 'Only with labelled anomalies in the training rows.' },
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
