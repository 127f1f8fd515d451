import { z } from 'zod';
import { missingPolicySchema } from '../domain/data-prep';
import { presetSchema } from '../domain/model-config';
import { thresholdRuleSchema } from '../domain/results';
import { channel, emptyRequest } from './contract';

export const configIssueSchema = z.object({ field: z.string(), message: z.string(), severity: z.enum(['error', 'warning']) });

/**
 * What the model form asks while the user edits: the config travels unparsed so that every problem
 * comes back as a field-level message rather than one rejected request.
 */
export const describeRequestSchema = z
  .object({
    config: z.unknown(),
    inputSize: z.number().int().min(1).max(100_000),
    trainingRows: z.number().int().min(0).nullable(),
    hasLabels: z.boolean().nullable(),
    signals: z.array(z.string().max(500)).max(100_000).nullable(),
    /** time a few real batches on the compute backend (takes seconds; the form asks on demand) */
    measure: z.boolean(),
  })
  .strict();
export type DescribeRequest = z.infer<typeof describeRequestSchema>;

export const describeResponseSchema = z.object({
  issues: z.array(configIssueSchema),
  parameterCount: z.number().int().nullable(),
  /** epochs of the whole run (RDAE: outer x inner; classifier: autoencoder + head); null without epochs */
  epochs: z.number().int().nullable(),
  samplesPerEpoch: z.number().int().nullable(),
  estimatedEpochMs: z.number().nullable(),
  /** why there is no estimate, when there is none */
  estimateNote: z.string().nullable(),
});
export type DescribeResponse = z.infer<typeof describeResponseSchema>;

const dirSchema = z.string().min(1).max(4096);

/** A model read from its folder and kept for this session, ready to score datasets with. */
export const loadedModelSchema = z.object({
  modelId: z.string(),
  dir: z.string(),
  preset: z.string(),
  family: z.string(),
  /** the columns a dataset must have, in the model's order */
  signals: z.array(z.string()),
  /** the saved threshold; null for a model saved without its run, which cannot score */
  threshold: z.object({ rule: thresholdRuleSchema, value: z.number() }).nullable(),
});
export type LoadedModel = z.infer<typeof loadedModelSchema>;

/**
 * Scores an imported dataset with a loaded model, without training: a job reported by the
 * training:progress/done/failed events and cancelled by training:cancel, whose run the Results view
 * shows. The signals are the model's; time and label are the dataset's own columns.
 */
export const scoreRequestSchema = z
  .object({
    modelId: z.string().min(1).max(200),
    datasetId: z.string().min(1).max(200),
    roles: z.object({ time: z.string().nullable(), label: z.string().nullable() }).strict(),
    missing: missingPolicySchema,
  })
  .strict();
export type ScoreRequest = z.infer<typeof scoreRequestSchema>;

export const modelsChannels = {
  'models:presets': channel(emptyRequest, z.array(presetSchema)),
  'models:describe': channel(describeRequestSchema, describeResponseSchema),
  /** writes a run's model (weights, preprocessing, windows, threshold) into a folder */
  'models:export': channel(z.object({ runId: z.string().min(1).max(200), dir: dirSchema }).strict(), z.object({ dir: z.string() })),
  'models:import': channel(z.object({ dir: dirSchema }).strict(), loadedModelSchema),
  'models:loaded': channel(emptyRequest, z.array(loadedModelSchema)),
  'models:score': channel(scoreRequestSchema, z.object({ jobId: z.string() })),
};
