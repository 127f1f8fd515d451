import { z } from 'zod';

export const columnRoleSchema = z.enum(['time', 'signal', 'label', 'ignore']);
export type ColumnRole = z.infer<typeof columnRoleSchema>;

export const rolesSchema = z.object({
  time: z.string().nullable(),
  label: z.string().nullable(),
  signals: z.array(z.string()).min(1, 'choose at least one signal column'),
});
export type Roles = z.infer<typeof rolesSchema>;

export const thresholdRuleSchema = z.discriminatedUnion('kind', [
  /** mean + k * std of the training (or validation) rows' scores */
  z.object({ kind: z.literal('mean-k-sigma'), k: z.number().min(0).max(100), source: z.enum(['train', 'validation']).optional() }),
  /** the p-th percentile of the training rows' scores */
  z.object({ kind: z.literal('percentile'), p: z.number().min(0).max(100) }),
  /** `why` says where an automatic value came from (a supervised model's even odds); absent when a person set it */
  z.object({ kind: z.literal('manual'), value: z.number().finite(), why: z.string().max(200).optional() }),
  /** the threshold with the best F1 on the validation rows' labels */
  z.object({ kind: z.literal('best-f1') }),
  /**
   * the lowest c_alarm * false alarm rows + c_missed * missed events on the validation rows; an event
   * (a run of labelled rows) is detected by an alarm within `tolerance` rows of its start
   */
  z.object({
    kind: z.literal('cost'),
    cAlarm: z.number().finite().min(0),
    cMissed: z.number().finite().min(0),
    tolerance: z.number().int().min(0).max(1_000_000),
  }),
]);
export type ThresholdRule = z.infer<typeof thresholdRuleSchema>;
/**
 * Alarm where only 1% of the training rows' scores reach. Training scores are tighter than those of
 * unseen normal rows, so mean + 3 sigma of them alarms far too often (SMD machine-1-7: F1 0.52
 * against 0.71 for this rule, best possible 0.73); on NAB it still puts an alarm in every labelled window.
 */
export const defaultThresholdRule: ThresholdRule = { kind: 'percentile', p: 99 };

/**
 * DESIGN's alarm post-rules: an alarm row counts once `minAlarms` alarm rows lie in the `window`
 * rows ending at it; counted alarms closer than `mergeGap` quiet rows form one event.
 * The defaults change nothing: every alarm row counts, touching rows form an event.
 */
export const alarmRulesSchema = z
  .object({
    mergeGap: z.number().int().min(0).max(1_000_000),
    minAlarms: z.number().int().min(1).max(1_000_000),
    window: z.number().int().min(1).max(1_000_000),
  })
  .refine((rules) => rules.minAlarms <= rules.window, { message: 'N alarms cannot be more than the W rows they must lie in', path: ['minAlarms'] });
export type AlarmRules = z.infer<typeof alarmRulesSchema>;
export const defaultAlarmRules: AlarmRules = { mergeGap: 0, minAlarms: 1, window: 1 };

/** The rule in words, for reports, metrics files and the status line. */
export function describeThresholdRule(rule: ThresholdRule): string {
  switch (rule.kind) {
    case 'mean-k-sigma':
      return `mean + ${rule.k} sigma of the ${rule.source === 'validation' ? 'validation' : 'training'} rows' scores`;
    case 'percentile':
      return `percentile ${rule.p} of the training rows' scores`;
    case 'manual':
      return rule.why ?? `set by hand at ${rule.value}`;
    case 'best-f1':
      return "the best F1 on the validation rows' labels";
    case 'cost':
      return `the lowest cost on the validation rows: ${rule.cAlarm} per false alarm row + ${rule.cMissed} per missed event, an event found within ${rule.tolerance} rows of its start`;
  }
}

/**
 * A supervised model's score is a probability of "anomaly", learnt with classes weighted equally:
 * it answers as if anomalies were half the rows. A row is more likely an anomaly than not, at the
 * training rows' real share of anomalies π, once that balanced probability passes 1 - π (SMD, π =
 * 0.19: F1 0.56 against 0.06 at one half). Without a known share, one half.
 */
export function supervisedThresholdRule(anomalyShare: number | null): ThresholdRule {
  if (anomalyShare === null || !(anomalyShare > 0 && anomalyShare < 1)) return { kind: 'manual', value: 0.5, why: 'a probability of one half' };
  const value = 1 - anomalyShare;
  return { kind: 'manual', value, why: `even odds at the training rows' anomaly share: a probability above 1 - ${anomalyShare.toPrecision(3)} = ${value.toPrecision(3)}` };
}

export const confusionSchema = z.object({
  tp: z.number().int(),
  fp: z.number().int(),
  tn: z.number().int(),
  fn: z.number().int(),
});
export type Confusion = z.infer<typeof confusionSchema>;

export const metricsSchema = confusionSchema.extend({
  accuracy: z.number(),
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  rocAuc: z.number().nullable(),
  prAuc: z.number().nullable(),
  /** event-wise: a true event (run of labelled rows) is found by an alarm inside it; an alarm run is right if it touches one */
  events: z.object({
    trueEvents: z.number().int(),
    detectedEvents: z.number().int(),
    alarmRuns: z.number().int(),
    matchedAlarmRuns: z.number().int(),
    precision: z.number(),
    recall: z.number(),
    f1: z.number(),
  }),
  /** point-adjusted F1 (a found event counts all its rows): flatters detectors, shown only as a labelled extra */
  pointAdjustedF1: z.number(),
});
export type Metrics = z.infer<typeof metricsSchema>;

/** A maximal run of alarmed rows, [start, end] inclusive. */
export const alarmEventSchema = z.object({
  index: z.number().int(),
  start: z.number().int(),
  end: z.number().int(),
  peakRow: z.number().int(),
  peakScore: z.number(),
});
export type AlarmEvent = z.infer<typeof alarmEventSchema>;

export const signalContributionSchema = z.object({
  signal: z.string(),
  /**
   * the signal's part of the event's error, 0..1: its peak squared error over the event rows / the
   * sum of every signal's peak (peak pooling ranks true culprits best on SMD; see explain.ts)
   */
  share: z.number(),
  /** the signal's highest squared error over the event rows */
  peakError: z.number(),
  meanError: z.number(),
  /** peakError divided by the signal's typical (mean) training error, floored at the median signal's as scores are */
  normalisedError: z.number(),
  meanBefore: z.number().nullable(),
  meanDuring: z.number(),
});
export type SignalContribution = z.infer<typeof signalContributionSchema>;
