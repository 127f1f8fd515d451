import { z } from 'zod';
import { modelConfigSchema } from '../domain/model-config';
import {
  alarmEventSchema,
  metricsSchema,
  rolesSchema,
  signalContributionSchema,
  thresholdRuleSchema,
} from '../domain/results';
import { backendInfoSchema } from './app';
import { channel, emptyRequest } from './contract';
import { missingPolicySchema, splitSchema } from '../domain/data-prep';

const runIdRequest = z.object({ runId: z.string().min(1).max(200) });

export const thresholdStateSchema = z.object({
  rule: thresholdRuleSchema,
  value: z.number(),
  events: z.array(alarmEventSchema),
  /** metrics over the evaluation rows; null without a label column */
  metrics: metricsSchema.nullable(),
});
export type ThresholdState = z.infer<typeof thresholdStateSchema>;

export const runResultSchema = z.object({
  runId: z.string(),
  datasetId: z.string(),
  datasetName: z.string(),
  createdAt: z.string(),
  model: modelConfigSchema,
  roles: rolesSchema,
  split: splitSchema,
  missing: missingPolicySchema,
  backend: backendInfoSchema,
  trainSeconds: z.number(),
  epochsRun: z.number().int(),
  bestEpoch: z.number().int(),
  stoppedEarly: z.boolean(),
  history: z.object({ loss: z.array(z.number()), valLoss: z.array(z.number()) }),
  signals: z.array(z.string()),
  /** whether the model gives an error per signal (heatmap and culprits); trees and classifiers do not */
  featureErrors: z.boolean(),
  nRows: z.number().int(),
  /**
   * Time-ordered splits: rows [0, trainEnd) train, [trainEnd, validationEnd) validate, the rest is
   * the test part that metrics are computed on. Null for a random split (parts interleave).
   */
  partition: z.object({ trainEnd: z.number().int(), validationEnd: z.number().int() }).nullable(),
  /** rows the missing-value policy removed before scoring (row numbers then count kept rows) */
  droppedRows: z.number().int(),
  scores: z.array(z.number()),
  labels: z.array(z.number().int()).nullable(),
  threshold: thresholdStateSchema,
});
export type RunResult = z.infer<typeof runResultSchema>;

export const runSummarySchema = runResultSchema.pick({
  runId: true,
  datasetName: true,
  createdAt: true,
  model: true,
  trainSeconds: true,
  epochsRun: true,
});

export const heatmapSchema = z.object({
  rowStart: z.number().int(),
  rowEnd: z.number().int(),
  /** rows per bucket (the last bucket may hold fewer) */
  bucketSize: z.number().int(),
  signals: z.array(z.string()),
  /** buckets x signals, bucket-major: value of bucket b, signal s at b * signals.length + s (max of the bucket) */
  values: z.array(z.number()),
  maxValue: z.number(),
});
export type Heatmap = z.infer<typeof heatmapSchema>;

export const resultsChannels = {
  'results:list': channel(emptyRequest, z.array(runSummarySchema)),
  'results:get': channel(runIdRequest.strict(), runResultSchema),
  'results:setThreshold': channel(runIdRequest.extend({ rule: thresholdRuleSchema }).strict(), thresholdStateSchema),
  'results:heatmap': channel(
    runIdRequest
      .extend({
        rowStart: z.number().int().min(0),
        rowEnd: z.number().int().min(1),
        width: z.number().int().min(1).max(4000),
        /** order signals by their total error in the range, largest first */
        sortByError: z.boolean(),
      })
      .strict(),
    heatmapSchema,
  ),
  'results:explainEvent': channel(
    runIdRequest.extend({ eventIndex: z.number().int().min(0) }).strict(),
    z.object({ event: alarmEventSchema, contributions: z.array(signalContributionSchema) }),
  ),
};
