import type { ModelConfig } from '../../shared/domain/model-config';
import type { ModelContext } from '../../shared/domain/model-validation';
import {
  checkSweep,
  formatSweepValue,
  sweepableFields,
  sweepCheckPasses,
  sweepFields,
  valueAt,
  type SweepAxis,
  type SweepField,
  type SweepValue,
} from '../../shared/sweep-grid';

/** One setting of the sweep editor as typed: its values separated by commas. */
export interface SweepFormRow {
  field: SweepField;
  text: string;
}

export interface ValidatedSweep {
  /** per row, what is wrong with it in the user's words; null when nothing is */
  errors: Array<string | null>;
  /** the grid as a whole, or combinations that cannot train */
  runErrors: string[];
  /** runs the grid makes as typed so far */
  runs: number;
  /** set only when there is no error */
  grid: SweepAxis[] | null;
}

interface ParsedValues {
  values: SweepValue[];
  /** values typed, parsed or not: what the run count multiplies while the user types */
  count: number;
  error: string | null;
}

const number = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
const whole = /^\d+$/;

/**
 * The typed values of one setting: numbers separated by commas; layer widths as 64-32-16, or in
 * brackets as seed 003 writes them ([64, 32, 16], [32, 16, 8]).
 */
export function parseSweepValues(text: string, field: SweepField): ParsedValues {
  if (text.trim() === '') return { values: [], count: 0, error: 'type one or more values, separated by commas' };
  const widths = sweepFields[field].kind === 'widths';
  // a bracketed list is one value, commas and all
  const tokens = (widths ? (text.match(/\[[^\]]*\]|[^,[\s][^,]*/g) ?? []) : text.split(',')).map((token) => token.trim());
  const fail = (error: string) => ({ values: [], count: tokens.length, error });
  if (widths && /[[\]]/.test(text.replace(/\[[^[\]]*\]/g, ''))) return fail('close each bracket: [64, 32, 16], [32, 16, 8]');
  const values: SweepValue[] = [];
  for (const token of tokens) {
    if (token === '') return fail('a value is missing between two commas');
    if (widths) {
      const parts = token.replace(/^\[(.*)\]$/, '$1').split(/[\s,-]+/).filter((part) => part !== '');
      if (parts.length === 0 || !parts.every((part) => whole.test(part))) return fail(`"${token}" is not a list of layer widths: write 64-32-16 or [64, 32, 16]`);
      values.push(parts.map(Number));
    } else {
      if (!number.test(token)) return fail(`"${token}" is not a number`);
      values.push(Number(token));
    }
  }
  return { values, count: tokens.length, error: null };
}

/** A row for a setting, starting from the model's own value. */
export function sweepRowFor(base: ModelConfig, field: SweepField): SweepFormRow {
  return { field, text: formatSweepValue(valueAt(base, field) as SweepValue) };
}

/** A new row: the first setting of the model not yet in the grid. */
export function nextSweepRow(base: ModelConfig, rows: SweepFormRow[]): SweepFormRow | null {
  const field = sweepableFields(base).find((candidate) => !rows.some((row) => row.field === candidate));
  return field ? sweepRowFor(base, field) : null;
}

/** Typed rows to a grid, with field-level errors and the checks the host runs again before a sweep starts. */
export function validateSweepForm(rows: SweepFormRow[], base: ModelConfig, context: ModelContext): ValidatedSweep {
  const parsed = rows.map((row) => parseSweepValues(row.text, row.field));
  const runs = parsed.reduce((product, { count }) => product * count, 1);
  const axes = rows.map((row, i) => ({ field: row.field, values: parsed[i]!.values }));
  if (parsed.some(({ error }) => error !== null)) {
    return { errors: parsed.map(({ error }) => error), runErrors: [], runs, grid: null };
  }
  const check = checkSweep(base, axes, context);
  return { errors: check.axisErrors, runErrors: check.runErrors, runs, grid: sweepCheckPasses(check) ? axes : null };
}
