import { z } from 'zod';
import { maxSweepRuns, runCount, sweepFieldNames } from '../sweep-grid';
import { appErrorSchema, channel, float64ArraySchema } from './contract';
import { trainingStartSchema } from './training';

const id = z.string().min(1).max(200);

/** Scores fall into this many bins of the run's own range. */
export const scoreBins = 40;

export const runComparisonSchema = z.object({
  runId: z.string(),
  datasetName: z.string(),
  createdAt: z.string(),
  family: z.string(),
  preset: z.string(),
  /** the settings a sweep can vary, and the activation, readable: layer widths as "64-32-16" */
  settings: z.array(z.object({ key: z.string(), label: z.string(), value: z.union([z.number(), z.string()]) })),
  /** over the test rows; every value null without a label column */
  metrics: z.object({
    rocAuc: z.number().nullable(),
    prAuc: z.number().nullable(),
    /** at the run's threshold in force */
    f1: z.number().nullable(),
    /** the best F1 any threshold reaches on the test rows: what the scores allow, not what the rule achieved */
    bestF1: z.number().nullable(),
    eventF1: z.number().nullable(),
  }),
  trainSeconds: z.number(),
  epochsRun: z.number().int(),
  history: z.object({ loss: float64ArraySchema, valLoss: float64ArraySchema }),
  threshold: z.number(),
  scores: z.object({
    /**
     * scoreBins + 1 ascending edges from the lowest score to the 99.9th percentile; the scores above
     * count in the last bin, so one spike does not squeeze every other row into the first
     */
    edges: float64ArraySchema,
    /** every scored row, per bin */
    all: float64ArraySchema,
    /** the test rows per bin, split by their label; null without a label column */
    testNormal: float64ArraySchema.nullable(),
    testAnomaly: float64ArraySchema.nullable(),
  }),
});
export type RunComparison = z.infer<typeof runComparisonSchema>;

const sweepValueSchema = z.union([z.number().finite(), z.array(z.number().int().min(1).max(4096)).min(1).max(15)]);
export const sweepSettingSchema = z.object({ field: z.enum(sweepFieldNames), value: sweepValueSchema });

/** Lists of values per setting; the runs are every combination (checked in full by checkSweep). */
export const sweepGridSchema = z
  .array(z.object({ field: z.enum(sweepFieldNames), values: z.array(sweepValueSchema).min(1).max(maxSweepRuns) }).strict())
  .min(1)
  .max(8)
  .superRefine((axes, context) => {
    // bounded here, before anything is expanded
    const runs = runCount(axes);
    if (runs > maxSweepRuns) context.addIssue({ code: 'custom', message: `${runs} runs is more than ${maxSweepRuns}` });
    if (new Set(axes.map((axis) => axis.field)).size < axes.length) context.addIssue({ code: 'custom', message: 'a setting is in the grid twice' });
  });

/** The data and model of training:start, the model as the base every run starts from, and the grid. */
export const sweepStartSchema = trainingStartSchema.extend({ grid: sweepGridSchema }).strict();
export type SweepStart = z.infer<typeof sweepStartSchema>;

export const sweepProgressSchema = z.object({
  sweepId: z.string(),
  state: z.enum(['running', 'done', 'cancelled']),
  /** runs finished, trained or failed */
  done: z.number().int(),
  total: z.number().int(),
  /** the run training now: its place in the grid, its settings and how far its job is (0..1) */
  current: z.object({ index: z.number().int(), settings: z.array(sweepSettingSchema), fraction: z.number() }).nullable(),
  /** set on the event that reports a run trained: the table adds it */
  finishedRunId: z.string().nullable(),
  failures: z.array(z.object({ index: z.number().int(), settings: z.array(sweepSettingSchema), error: appErrorSchema })),
  elapsedMs: z.number(),
  etaMs: z.number().nullable(),
});
export type SweepProgress = z.infer<typeof sweepProgressSchema>;

export const compareChannels = {
  /** Every run the host keeps, or the ones asked for, in the order they were trained. */
  'compare:runs': channel(z.object({ runIds: z.array(id).max(1000).optional() }).strict(), z.array(runComparisonSchema)),
  /** Queues the grid's runs as training jobs, one at a time; refused with BUSY while another job or sweep runs. */
  'sweep:start': channel(sweepStartSchema, z.object({ sweepId: z.string(), total: z.number().int() })),
  /** Stops the run in training and drops the rest of the queue. */
  'sweep:cancel': channel(z.object({ sweepId: id }).strict(), z.object({ cancelled: z.boolean() })),
};

export const compareEvents = {
  'sweep:progress': sweepProgressSchema,
};
