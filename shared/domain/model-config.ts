import { z } from 'zod';

export const activationSchema = z.enum(['relu', 'tanh', 'leakyRelu', 'elu']);
export type Activation = z.infer<typeof activationSchema>;

export const scalerSchema = z.enum(['standard', 'none']);

/** A symmetric MLP autoencoder; `hiddenLayers` lists the hidden widths from input to output. */
export const denseConfigSchema = z.object({
  family: z.literal('dense'),
  preset: z.string().min(1).max(64),
  hiddenLayers: z.array(z.number().int().min(1).max(4096)).min(1).max(15),
  activation: activationSchema,
  dropout: z.number().min(0).max(0.9),
  learningRate: z.number().positive().max(1),
  batchSize: z.number().int().min(1).max(65_536),
  epochs: z.number().int().min(1).max(10_000),
  /** Epochs without validation improvement before stopping; 0 turns early stopping off. */
  patience: z.number().int().min(0).max(1000),
  validationFraction: z.number().min(0).max(0.5),
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  scaler: scalerSchema,
});
export type DenseConfig = z.infer<typeof denseConfigSchema>;

export const modelConfigSchema = z.discriminatedUnion('family', [denseConfigSchema]);
export type ModelConfig = z.infer<typeof modelConfigSchema>;

export const presetSchema = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  config: modelConfigSchema,
});
export type Preset = z.infer<typeof presetSchema>;
