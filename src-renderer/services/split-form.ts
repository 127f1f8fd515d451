import type { Partition } from '../../shared/charts/anomaly-chart';
import { defaultSplit, splitSchema, type Split } from '../../shared/domain/data-prep';

export type SplitKind = Split['kind'];

/** What the user typed in the split editor: text, so a half-typed value is shown with its error. */
export interface SplitForm {
  kind: SplitKind;
  /** chronological and random shares */
  train: string;
  validation: string;
  /** cut: at a row or at a time, and the share of the rows before the cut that validates */
  cutAt: 'row' | 'time';
  row: string;
  time: string;
  cutValidation: string;
  seed: string;
  normalOnly: boolean;
}
export type SplitFormErrors = Partial<Record<keyof SplitForm, string>>;

export function defaultSplitForm(): SplitForm {
  const fractions = defaultSplit.kind === 'cut' ? { train: 0.6, validation: 0.2 } : defaultSplit;
  return {
    kind: defaultSplit.kind,
    train: String(fractions.train),
    validation: String(fractions.validation),
    cutAt: 'row',
    row: '',
    time: '',
    cutValidation: '0.2',
    seed: '1',
    normalOnly: defaultSplit.normalOnly,
  };
}

const decimal = /^\s*(\d+\.?\d*|\.\d+)\s*$/;
const whole = /^\s*\d+\s*$/;

function fraction(text: string, ok: (v: number) => boolean): number | null {
  if (!decimal.test(text)) return null;
  const value = Number(text);
  return ok(value) ? value : null;
}

/** A quick check of the cut time; the host parses it for real (naive text is UTC there). */
export function looksLikeTime(text: string): boolean {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}(-\d{2})?([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.test(trimmed)) return false;
  const iso = trimmed.replace(' ', 'T');
  return !Number.isNaN(Date.parse(/T/.test(iso) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(iso) ? `${iso}Z` : iso));
}

export interface SplitContext {
  rowCount: number;
  hasTime: boolean;
  hasLabel: boolean;
}

/**
 * Checks the split editor's fields against the data and the contract; the split is set only when
 * every field is valid. "Normal only" needs a label column and is sent as false without one.
 */
export function validateSplitForm(form: SplitForm, context: SplitContext): { split: Split | null; errors: SplitFormErrors } {
  const errors: SplitFormErrors = {};
  const normalOnly = form.normalOnly && context.hasLabel;
  let split: Split | null = null;
  if (form.kind === 'cut') {
    const validation = fraction(form.cutValidation, (v) => v >= 0 && v <= 0.9);
    if (validation === null) errors.cutValidation = 'the validation share must be a number from 0 to 0.9';
    let row: number | null = null;
    let time: string | null = null;
    if (form.cutAt === 'row') {
      const value = whole.test(form.row) ? Number(form.row) : Number.NaN;
      if (!(value >= 1 && value <= context.rowCount - 1)) errors.row = `the cut row must be a whole number from 1 to ${Math.max(1, context.rowCount - 1)}`;
      else row = value;
    } else if (!context.hasTime) {
      errors.time = 'a cut at a time needs a time column: give a column the role "time", or cut at a row';
    } else if (!looksLikeTime(form.time)) {
      errors.time = 'write the time like 2024-03-01 or 2024-03-01 12:00 (UTC unless it ends in Z or +hh:mm)';
    } else {
      time = form.time.trim();
    }
    if (Object.keys(errors).length === 0) split = { kind: 'cut', row, time, validation: validation!, normalOnly };
  } else {
    const train = fraction(form.train, (v) => v > 0 && v <= 1);
    if (train === null) errors.train = 'the training share must be a number above 0 and at most 1 (e.g. 0.6)';
    const validation = fraction(form.validation, (v) => v >= 0 && v < 1);
    if (validation === null) errors.validation = 'the validation share must be a number from 0 to below 1 (e.g. 0.2)';
    else if (train !== null && train + validation > 1 + 1e-9) errors.validation = 'training and validation shares add up to more than 1';
    let seed = 0;
    if (form.kind === 'random') {
      if (!whole.test(form.seed)) errors.seed = 'the seed must be a whole number (0 or more)';
      else seed = Number(form.seed);
    }
    if (Object.keys(errors).length === 0) {
      split =
        form.kind === 'random'
          ? { kind: 'random', train: train!, validation: validation!, seed, normalOnly }
          : { kind: 'chronological', train: train!, validation: validation!, normalOnly };
    }
  }
  if (split) {
    const checked = splitSchema.safeParse(split);
    if (!checked.success) return { split: null, errors: { [form.kind === 'cut' ? 'row' : 'train']: checked.error.issues[0]?.message ?? 'invalid split' } };
  }
  return { split, errors };
}

const share = (n: number, f: number) => Math.min(n, Math.floor(n * f + 1e-9));

/**
 * Where the time-ordered parts will fall, for the bands on the overview chart: the host's rule
 * (src-main/data/split.ts) without the rows a missing-value policy may drop. Null for a random split
 * (parts interleave) and for a cut at a time (its row is found when training starts).
 */
export function previewPartition(split: Split | null, rowCount: number): Partition | null {
  if (!split || split.kind === 'random') return null;
  if (split.kind === 'chronological') {
    const trainEnd = share(rowCount, split.train);
    return { trainEnd, validationEnd: Math.min(rowCount, trainEnd + share(rowCount, split.validation)) };
  }
  if (split.row === null) return null;
  const cut = Math.min(rowCount, split.row);
  return { trainEnd: cut - share(cut, split.validation), validationEnd: cut };
}

/** Back from a split (a run's, or the default) to the editor's text. */
export function formFromSplit(split: Split): SplitForm {
  const form = defaultSplitForm();
  form.kind = split.kind;
  form.normalOnly = split.normalOnly;
  if (split.kind === 'cut') {
    form.cutAt = split.row !== null ? 'row' : 'time';
    form.row = split.row !== null ? String(split.row) : '';
    form.time = split.time ?? '';
    form.cutValidation = String(split.validation);
  } else {
    form.train = String(split.train);
    form.validation = String(split.validation);
    if (split.kind === 'random') form.seed = String(split.seed);
  }
  return form;
}

/** One line for the Model step and the run summary: "rows in time order, 60% / 20% / 20%". */
export function splitSummary(split: Split): string {
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  const normal = split.normalOnly ? ', normal rows only' : '';
  if (split.kind === 'cut') {
    const at = split.row !== null ? `row ${split.row}` : split.time;
    return `rows before ${at} (last ${pct(split.validation)} validate), test from there${normal}`;
  }
  const shares = `${pct(split.train)} / ${pct(split.validation)} / ${pct(Math.max(0, 1 - split.train - split.validation))}`;
  return split.kind === 'random' ? `random rows (seed ${split.seed}) ${shares}${normal}` : `rows in time order ${shares}${normal}`;
}

/**
 * The split with a boundary moved to the clicked row: in time order, the nearer of the training and
 * validation ends (the parts keep their order); for a cut at a row, the cut. Null where a click has
 * no boundary to move: a random split, a cut at a time, or a form that does not parse.
 */
export function formWithBoundaryAt(form: SplitForm, row: number, rowCount: number): SplitForm | null {
  if (rowCount < 1) return null;
  const at = Math.min(rowCount, Math.max(0, Math.round(row)));
  if (form.kind === 'cut') return form.cutAt === 'row' ? { ...form, row: String(at) } : null;
  if (form.kind !== 'chronological') return null;
  const train = Number(form.train);
  const validation = Number(form.validation);
  if (!Number.isFinite(train) || !Number.isFinite(validation)) return null;
  const trainEnd = train * rowCount;
  const validationEnd = (train + validation) * rowCount;
  const rounded = (v: number) => String(Math.round(v * 1000) / 1000);
  // where both ends coincide (no validation part), a click after them widens the validation part
  const nearerTrainEnd = Math.abs(at - trainEnd) < Math.abs(at - validationEnd) || (trainEnd === validationEnd && at <= trainEnd);
  if (nearerTrainEnd) {
    const nextTrain = Math.min(at, validationEnd) / rowCount;
    return { ...form, train: rounded(nextTrain), validation: rounded(validationEnd / rowCount - nextTrain) };
  }
  const nextValidationEnd = Math.max(at, trainEnd) / rowCount;
  return { ...form, validation: rounded(nextValidationEnd - train) };
}
