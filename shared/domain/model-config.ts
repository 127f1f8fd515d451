import { z } from 'zod';

export const activationSchema = z.enum(['relu', 'tanh', 'leakyRelu', 'elu']);
export type Activation = z.infer<typeof activationSchema>;

/** standard: mean/std; min-max: min/range; robust: median/IQR; none: raw values. */
export const scalerSchema = z.enum(['standard', 'min-max', 'robust', 'none']);
export type ScalerKind = z.infer<typeof scalerSchema>;

const layerWidths = z.array(z.number().int().min(1).max(4096)).min(1).max(15);
const seed = z.number().int().min(0).max(2 ** 31 - 1);

/**
 * Preprocessing belongs to the model: fitted on the training rows only and saved with it.
 * Applied in this order: log1p on the listed signals, the scaler, then L2 row normalisation.
 */
const preprocessing = {
  scaler: scalerSchema,
  /** signals (by name) compressed with sign(x) * log1p(|x|) before scaling: for heavy-tailed counts */
  log1pSignals: z.array(z.string().min(1).max(500)).max(100_000),
  /** divide each row by its L2 norm after scaling: compares the shape of a row, not its size */
  l2Rows: z.boolean(),
};

/** The training engine's settings (Adam, mini-batches, early stopping on the validation loss). */
const training = {
  learningRate: z.number().positive().max(1),
  batchSize: z.number().int().min(1).max(65_536),
  epochs: z.number().int().min(1).max(10_000),
  /** Epochs without validation improvement before stopping; 0 turns early stopping off. */
  patience: z.number().int().min(0).max(1000),
  /** share of the training rows held out when the split gives no validation rows */
  validationFraction: z.number().min(0).max(0.5),
  seed,
};

/**
 * Sliding windows for sequence models. Training uses `stride`; scoring always slides by one row, and
 * a window's error goes back to rows by `attribution`: the window's last row, or the mean over every
 * window covering a row.
 */
export const modelWindowSchema = z.object({
  length: z.number().int().min(2).max(4096),
  stride: z.number().int().min(1).max(4096),
  attribution: z.enum(['last', 'mean']),
});
export type ModelWindow = z.infer<typeof modelWindowSchema>;

/**
 * How a row's score is made from the model's output, after the model. 'typical-error' divides each
 * signal's squared error by its typical (mean) error on the training rows before the mean over
 * signals, so a signal that is hard to reconstruct by nature does not drown the others; the typical
 * error counts as at least the median signal's, so a signal the model reproduces almost perfectly in
 * training is not blown up a millionfold. Smoothing averages the score over `smoothingRows` rows:
 * an anomaly lasts, noise does not. 'centred' also looks at the rows after a row (analysis after
 * the fact); 'trailing' only at the rows before it (what a live monitor can do).
 */
export const scoringSchema = z.object({
  normalise: z.enum(['none', 'typical-error']),
  smoothingRows: z.number().int().min(1).max(100_000),
  smoothingAlign: z.enum(['centred', 'trailing']),
});
export type Scoring = z.infer<typeof scoringSchema>;

const base = { preset: z.string().min(1).max(64), ...preprocessing, scoring: scoringSchema };

/** A symmetric MLP autoencoder; `hiddenLayers` lists the hidden widths from input to output. */
export const denseConfigSchema = z.object({
  family: z.literal('dense'),
  ...base,
  ...training,
  hiddenLayers: layerWidths,
  activation: activationSchema,
  dropout: z.number().min(0).max(0.9),
});
export type DenseConfig = z.infer<typeof denseConfigSchema>;

/** The dense autoencoder on windows flattened to length x signals inputs. */
export const windowDenseConfigSchema = z.object({
  family: z.literal('window-dense'),
  ...base,
  ...training,
  window: modelWindowSchema,
  hiddenLayers: layerWidths,
  activation: activationSchema,
  dropout: z.number().min(0).max(0.9),
});
export type WindowDenseConfig = z.infer<typeof windowDenseConfigSchema>;

const recurrent = {
  ...base,
  ...training,
  window: modelWindowSchema,
  /** encoder layer sizes; the last is the latent vector, repeated over time for the mirrored decoder */
  encoderUnits: z.array(z.number().int().min(1).max(1024)).min(1).max(4),
};
export const lstmConfigSchema = z.object({ family: z.literal('lstm'), ...recurrent });
export const gruConfigSchema = z.object({ family: z.literal('gru'), ...recurrent });
export type RecurrentConfig = z.infer<typeof lstmConfigSchema> | z.infer<typeof gruConfigSchema>;

/** Conv/max-pool encoder, upsample/conv decoder; each layer halves the time axis. */
export const conv1dConfigSchema = z.object({
  family: z.literal('conv1d'),
  ...base,
  ...training,
  window: modelWindowSchema,
  filters: z.array(z.number().int().min(1).max(1024)).min(1).max(5),
  kernelSize: z.number().int().min(1).max(65),
  activation: activationSchema,
});
export type Conv1dConfig = z.infer<typeof conv1dConfigSchema>;

/** Encoder d-...-(mu, log var) of size latentSize; decoder mirrored with a linear output; beta annealed 0 -> beta. */
export const vaeConfigSchema = z.object({
  family: z.literal('vae'),
  ...base,
  ...training,
  encoderLayers: layerWidths,
  latentSize: z.number().int().min(1).max(1024),
  activation: activationSchema,
  beta: z.number().min(0).max(100),
  /** epochs over which the KL weight rises linearly from 0 to beta; 0 uses beta from the start */
  annealEpochs: z.number().int().min(0).max(10_000),
});
export type VaeConfig = z.infer<typeof vaeConfigSchema>;

/**
 * Robust deep autoencoder: X = L_D + S by ADMM. Each outer iteration trains the autoencoder on
 * L_D = X - S for innerEpochs, then S = prox_lambda(X - D(E(L_D))), until the residuals drop below eps.
 */
export const rdaeConfigSchema = z.object({
  family: z.literal('rdae'),
  ...base,
  ...training,
  hiddenLayers: layerWidths,
  activation: activationSchema,
  norm: z.enum(['l1', 'l21-rows', 'l21-cols']),
  lambda: z.number().positive().max(1e6),
  /**
   * 'share': lambda is a share of the typical size (root mean square over the training data) of one
   * group (entry, row or column), so one value fits any number of rows and signals; 'absolute': as is.
   */
  lambdaScale: z.enum(['share', 'absolute']),
  outerIterations: z.number().int().min(1).max(1000),
  innerEpochs: z.number().int().min(1).max(1000),
  eps: z.number().positive().max(1),
});
export type RdaeConfig = z.infer<typeof rdaeConfigSchema>;

/** PCA reconstruction error: the baseline an autoencoder has to beat. */
export const pcaConfigSchema = z.object({
  family: z.literal('pca'),
  ...base,
  /** keep the fewest components explaining this share of the variance */
  varianceToKeep: z.number().gt(0).max(1),
  /** a fixed number of components instead; 0 chooses by varianceToKeep */
  components: z.number().int().min(0).max(100_000),
});
export type PcaConfig = z.infer<typeof pcaConfigSchema>;

export const isolationForestConfigSchema = z.object({
  family: z.literal('iforest'),
  ...base,
  trees: z.number().int().min(1).max(5000),
  /** rows drawn (without replacement) to grow each tree */
  sampleSize: z.number().int().min(2).max(1_000_000),
  seed,
  /** isolate windows of rows flattened (a shape over time) instead of single rows; null: single rows */
  window: modelWindowSchema.nullable(),
});
export type IsolationForestConfig = z.infer<typeof isolationForestConfigSchema>;

/** Supervised: the autoencoder's encoder, pre-trained on all training rows, feeds a sigmoid classifier trained on the labels. */
export const aeClassifierConfigSchema = z.object({
  family: z.literal('ae-classifier'),
  ...base,
  ...training,
  hiddenLayers: layerWidths,
  activation: activationSchema,
  dropout: z.number().min(0).max(0.9),
  /** epochs for the classifier head after the autoencoder is trained */
  headEpochs: z.number().int().min(1).max(10_000),
});
export type AeClassifierConfig = z.infer<typeof aeClassifierConfigSchema>;

/** Supervised C-LSTM: (conv1d + tanh + max-pool) per filter entry -> LSTM -> dense -> sigmoid, on windows labelled by their last row. */
export const clstmConfigSchema = z.object({
  family: z.literal('clstm'),
  ...base,
  ...training,
  window: modelWindowSchema,
  filters: z.array(z.number().int().min(1).max(1024)).min(1).max(4),
  kernelSize: z.number().int().min(1).max(65),
  lstmUnits: z.number().int().min(1).max(1024),
  denseUnits: z.number().int().min(1).max(4096),
});
export type ClstmConfig = z.infer<typeof clstmConfigSchema>;

export const modelConfigSchema = z.discriminatedUnion('family', [
  denseConfigSchema,
  windowDenseConfigSchema,
  lstmConfigSchema,
  gruConfigSchema,
  conv1dConfigSchema,
  vaeConfigSchema,
  rdaeConfigSchema,
  pcaConfigSchema,
  isolationForestConfigSchema,
  aeClassifierConfigSchema,
  clstmConfigSchema,
]);
export type ModelConfig = z.infer<typeof modelConfigSchema>;
export type ModelFamily = ModelConfig['family'];
export type FamilyConfig<F extends ModelFamily> = Extract<ModelConfig, { family: F }>;

/** Families trained on windows of rows rather than single rows. */
export function windowOf(config: ModelConfig): ModelWindow | null {
  return 'window' in config ? config.window : null;
}

/** Families whose model gives an error per signal (heatmaps, culprits, normalised scores). */
export function hasSignalErrors(config: ModelConfig): boolean {
  return config.family !== 'iforest' && !isSupervised(config);
}

/** Families that learn from the label column and need both classes in the training rows. */
export function isSupervised(config: ModelConfig): boolean {
  return config.family === 'ae-classifier' || config.family === 'clstm';
}

/** Families whose training runs epochs of the Adam engine (progress has epochs and a loss curve). */
export function isNeural(config: ModelConfig): config is Extract<ModelConfig, { learningRate: number }> {
  return 'learningRate' in config;
}

export const presetSchema = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  config: modelConfigSchema,
});
export type Preset = z.infer<typeof presetSchema>;
