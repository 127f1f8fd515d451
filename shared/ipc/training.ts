import { z } from 'zod';
import { modelConfigSchema } from '../domain/model-config';
import { missingPolicySchema, splitSchema } from '../domain/data-prep';
import { rolesSchema } from '../domain/results';
import { appErrorSchema, channel } from './contract';

export { defaultSplit, splitSchema, type Split } from '../domain/data-prep';

export const trainingStartSchema = z
  .object({
    datasetId: z.string().min(1).max(200),
    roles: rolesSchema,
    model: modelConfigSchema,
    split: splitSchema,
    missing: missingPolicySchema,
  })
  .strict();
export type TrainingStart = z.infer<typeof trainingStartSchema>;

export const trainingProgressSchema = z.object({
  jobId: z.string(),
  phase: z.enum(['preparing', 'training', 'scoring']),
  epoch: z.number().int(),
  epochs: z.number().int(),
  batch: z.number().int(),
  batches: z.number().int(),
  /** running mean of the batch losses in the current epoch */
  loss: z.number().nullable(),
  /** set on the event that closes an epoch */
  epochLoss: z.number().nullable(),
  valLoss: z.number().nullable(),
  elapsedMs: z.number(),
  etaMs: z.number().nullable(),
});
export type TrainingProgress = z.infer<typeof trainingProgressSchema>;

export const trainingChannels = {
  'training:start': channel(trainingStartSchema, z.object({ jobId: z.string() })),
  'training:cancel': channel(z.object({ jobId: z.string().min(1).max(200) }).strict(), z.object({ cancelled: z.boolean() })),
};

export const trainingEvents = {
  'training:progress': trainingProgressSchema,
  'training:done': z.object({ jobId: z.string(), runId: z.string() }),
  'training:failed': z.object({ jobId: z.string(), error: appErrorSchema }),
};
