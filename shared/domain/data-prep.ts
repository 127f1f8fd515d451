import { z } from 'zod';

/** What to do with missing values (empty cells, NaN, +/-Inf) in signal columns. */
export const missingPolicySchema = z.enum(['forward-fill', 'drop-rows', 'mean-fill', 'fail']);
export type MissingPolicy = z.infer<typeof missingPolicySchema>;
export const defaultMissingPolicy: MissingPolicy = 'forward-fill';

const fraction = z.number().min(0).max(1);

/**
 * How rows are divided into training, validation and test parts. Chronological and cut splits keep
 * time order (train, then validation, then test); random draws rows with a seed.
 */
export const splitSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('chronological'), train: fraction.gt(0), validation: fraction, normalOnly: z.boolean() }),
    z.object({
      kind: z.literal('cut'),
      /** rows before this 0-based row train (its last `validation` share validates); the rest is test */
      row: z.number().int().min(1).nullable(),
      /** or the first row whose time is at or after this timestamp (ISO text) */
      time: z.string().min(1).max(64).nullable(),
      validation: fraction.max(0.9),
      normalOnly: z.boolean(),
    }),
    z.object({ kind: z.literal('random'), train: fraction.gt(0), validation: fraction, seed: z.number().int().min(0), normalOnly: z.boolean() }),
  ])
  .superRefine((split, context) => {
    if (split.kind !== 'cut' && split.train + split.validation > 1 + 1e-9) {
      context.addIssue({ code: 'custom', path: ['validation'], message: 'train and validation shares add up to more than 1' });
    }
    if (split.kind === 'cut' && (split.row === null) === (split.time === null)) {
      context.addIssue({ code: 'custom', path: ['row'], message: 'give either a cut row or a cut time' });
    }
  });
export type Split = z.infer<typeof splitSchema>;

/** seed 001's 60/20/20 in time order; with labels, training uses the rows labelled normal. */
export const defaultSplit: Split = { kind: 'chronological', train: 0.6, validation: 0.2, normalOnly: true };

