import { z } from 'zod';
import { modelConfigSchema } from '../domain/model-config';
import {
  alarmEventSchema,
  alarmRulesSchema,
  metricsSchema,
  rolesSchema,
  signalContributionSchema,
  thresholdRuleSchema,
} from '../domain/results';
import { backendInfoSchema } from './app';
import { channel, emptyRequest, float32ArraySchema, float64ArraySchema, uint8ArraySchema } from './contract';
import { missingPolicySchema, splitSchema } from '../domain/data-prep';

const runIdRequest = z.object({ runId: z.string().min(1).max(200) });

export const thresholdStateSchema = z.object({
  rule: thresholdRuleSchema,
  value: z.number(),
  /** the post-rules the events were formed by */
  alarms: alarmRulesSchema,
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
  /** one score per row */
  scores: float32ArraySchema,
  /** 0/1 per row; null without a label column */
  labels: uint8ArraySchema.nullable(),
  /** 1 - squared error / variance over the test rows, in the model's input space; null without an error per signal */
  reconstructionR2: z.number().nullable(),
  /** the family's other per-row scores (the VAE's negative ELBO, the RDAE's norm of S) */
  extraScores: z.array(z.object({ name: z.string(), label: z.string().optional(), values: float32ArraySchema })),
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
  values: float32ArraySchema,
  maxValue: z.number(),
});
export type HeatmapResponse = z.infer<typeof heatmapSchema>;

/** The cost model's parameters, as the 'cost' threshold rule takes them. */
export const costModelSchema = z
  .object({
    cAlarm: z.number().finite().min(0),
    cMissed: z.number().finite().min(0),
    tolerance: z.number().int().min(0).max(1_000_000),
  })
  .strict();

export const thresholdCurveSchema = z.object({
  /** the validation rows when they hold a labelled row, else the test rows */
  rows: z.enum(['validation', 'test']),
  /** candidate thresholds before downsampling: every unique score, plus one below them all */
  candidates: z.number().int(),
  /** descending, the fewest alarms first; float64 so a clicked point is exactly a candidate */
  thresholds: float64ArraySchema,
  precision: float32ArraySchema,
  recall: float32ArraySchema,
  f1: float32ArraySchema,
  /** the cost at each threshold; null when the request gave no cost model */
  cost: float64ArraySchema.nullable(),
  /** index of the best F1 (ties: the higher threshold) and of the lowest cost; both always kept */
  bestF1: z.number().int(),
  bestCost: z.number().int().nullable(),
});
export type ThresholdCurve = z.infer<typeof thresholdCurveSchema>;

/** ROC and PR curves over the test rows (where the metric cards are computed), downsampled to about 1000 points. */
export const rocPrSchema = z.object({
  /** false positive rate (x) and true positive rate (y), from (0, 0) to (1, 1) */
  roc: z.object({ fpr: float64ArraySchema, tpr: float64ArraySchema }),
  /** recall (x) and precision (y), lowest threshold (recall 1) first; ends at recall 0, precision 1 */
  pr: z.object({ recall: float64ArraySchema, precision: float64ArraySchema }),
  /** share of labelled rows among the test rows: the precision of alarming everything */
  positiveRate: z.number(),
});
export type RocPr = z.infer<typeof rocPrSchema>;

/** Raw values of chosen signals over a row range, as a min/max envelope per bucket. */
export const signalEnvelopesSchema = z.object({
  rowStart: z.number().int(),
  rowEnd: z.number().int(),
  /** rows per bucket (the last bucket may hold fewer) */
  bucketSize: z.number().int(),
  /** in the order asked for; a bucket whose rows are all missing is NaN in both */
  signals: z.array(z.object({ signal: z.string(), min: float32ArraySchema, max: float32ArraySchema })),
});
export type SignalEnvelopes = z.infer<typeof signalEnvelopesSchema>;

export const resultsChannels = {
  'results:list': channel(emptyRequest, z.array(runSummarySchema)),
  'results:get': channel(runIdRequest.strict(), runResultSchema),
  'results:setThreshold': channel(
    // without `alarms` the run's current post-rules stay
    runIdRequest.extend({ rule: thresholdRuleSchema, alarms: alarmRulesSchema.optional() }).strict(),
    thresholdStateSchema,
  ),
  'results:heatmap': channel(
    runIdRequest
      .extend({
        rowStart: z.number().int().min(0),
        rowEnd: z.number().int().min(1),
        width: z.number().int().min(1).max(4000),
        /** order signals by their total error in the range, largest first */
        sortByError: z.boolean(),
        /**
         * divide each signal's error by its typical training error (floored at the median signal's, as
         * the scores are normalised), so signals of different scales compare; absent means raw
         */
        normalised: z.boolean().optional(),
      })
      .strict(),
    heatmapSchema,
  ),
  /** Precision, recall, F1 (and cost) at every candidate threshold, downsampled to about 2000 points. */
  'results:thresholdCurve': channel(runIdRequest.extend({ cost: costModelSchema.optional() }).strict(), thresholdCurveSchema),
  'results:rocPr': channel(runIdRequest.strict(), rocPrSchema),
  /** The raw values under the heatmap: one min/max envelope per bucket, about `width` buckets. */
  'results:signals': channel(
    runIdRequest
      .extend({
        signals: z.array(z.string().min(1).max(500)).min(1).max(12),
        rowStart: z.number().int().min(0),
        rowEnd: z.number().int().min(1),
        width: z.number().int().min(1).max(4000),
      })
      .strict(),
    signalEnvelopesSchema,
  ),
  /** HitRate of the run's explanations against a ground-truth file (the interpretation format synth writes) */
  'results:hitRate': channel(
    runIdRequest.extend({ truthPath: z.string().min(1).max(4096) }).strict(),
    z.object({
      rows: z.number().int(),
      hitRate100: z.number(),
      hitRate150: z.number(),
      rowHitRate100: z.number(),
      rowHitRate150: z.number(),
    }),
  ),
  'results:explainEvent': channel(
    runIdRequest.extend({ eventIndex: z.number().int().min(0) }).strict(),
    z.object({ event: alarmEventSchema, contributions: z.array(signalContributionSchema) }),
  ),
};
