import { z } from 'zod';
import { presetSchema } from '../domain/model-config';
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

export const modelsChannels = {
  'models:presets': channel(emptyRequest, z.array(presetSchema)),
  'models:describe': channel(describeRequestSchema, describeResponseSchema),
};
