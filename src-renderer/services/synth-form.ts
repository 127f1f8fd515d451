import { anomalyKindSchema, synthesizeRequestSchema, synthLimits, type AnomalyKindName, type SynthesizeRequest } from '../../shared/ipc/datasets';

/** What the user typed in the generator form: text, so a half-typed value is shown with its error. */
export interface SynthForm {
  rows: string;
  /** a count, or signal names separated by commas */
  signals: string;
  /** anomalous rows in percent */
  sharePercent: string;
  kinds: AnomalyKindName[];
  seed: string;
}
export type SynthFormErrors = Partial<Record<keyof SynthForm, string>>;

export function defaultSynthForm(): SynthForm {
  return { rows: '20000', signals: '8', sharePercent: '5', kinds: [...anomalyKindSchema.options], seed: '4' };
}

const whole = /^\s*\d+\s*$/;
const decimal = /^\s*(\d+\.?\d*|\.\d+)\s*$/;
const signalName = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const count = (n: number) => n.toLocaleString('en');

function signalsOf(text: string): { value: number | string[] } | { error: string } {
  if (whole.test(text)) {
    const n = Number(text);
    return n >= 1 && n <= synthLimits.maxSignals ? { value: n } : { error: `the number of signals must be from 1 to ${synthLimits.maxSignals}` };
  }
  const names = text.split(',').map((name) => name.trim());
  const bad = names.find((name) => !signalName.test(name));
  if (bad !== undefined) return { error: bad === '' ? 'a signal name is missing between two commas' : `"${bad}" is not a plain name (a letter or _ then letters, digits, _ . -)` };
  const reserved = names.find((name) => name === 'time' || name === 'label');
  if (reserved) return { error: `"${reserved}" is a column of the generated file already` };
  if (new Set(names).size !== names.length) return { error: 'a signal name is listed twice' };
  if (names.length > synthLimits.maxSignals) return { error: `at most ${synthLimits.maxSignals} signals` };
  return { value: names };
}

/** Checks every field; the request is set only when all are valid (and the contract agrees). */
export function validateSynthForm(form: SynthForm): { request: SynthesizeRequest | null; errors: SynthFormErrors } {
  const errors: SynthFormErrors = {};
  const rows = whole.test(form.rows) ? Number(form.rows) : Number.NaN;
  if (!(rows >= synthLimits.minRows && rows <= synthLimits.maxRows)) errors.rows = `rows must be a whole number from ${count(synthLimits.minRows)} to ${count(synthLimits.maxRows)}`;
  const signals = signalsOf(form.signals);
  if ('error' in signals) errors.signals = signals.error;
  else if (!errors.rows) {
    const cells = rows * (typeof signals.value === 'number' ? signals.value : signals.value.length);
    if (cells > synthLimits.maxCells) errors.rows = `rows x signals is ${count(cells)}, more than ${count(synthLimits.maxCells)}: fewer rows or signals`;
  }
  const percent = decimal.test(form.sharePercent) ? Number(form.sharePercent) : Number.NaN;
  if (!(percent >= 0 && percent <= 100 * synthLimits.maxShare)) errors.sharePercent = `the anomalous share must be a number from 0 to ${100 * synthLimits.maxShare} %`;
  if (form.kinds.length === 0) errors.kinds = 'choose at least one kind of anomaly';
  const seed = whole.test(form.seed) ? Number(form.seed) : Number.NaN;
  if (!(seed >= 0 && seed <= 2 ** 31 - 1)) errors.seed = 'the seed must be a whole number (0 or more)';
  if (Object.keys(errors).length > 0 || 'error' in signals) return { request: null, errors };
  const checked = synthesizeRequestSchema.safeParse({ rows, signals: signals.value, anomalyShare: percent / 100, kinds: form.kinds, seed });
  if (!checked.success) return { request: null, errors: { rows: checked.error.issues[0]?.message ?? 'invalid request' } };
  return { request: checked.data, errors };
}
