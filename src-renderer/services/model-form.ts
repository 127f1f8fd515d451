import type { Activation, ModelConfig, ModelWindow, ScalerKind, Scoring } from '../../shared/domain/model-config';
import { modelConfigSchema, windowOf } from '../../shared/domain/model-config';

/**
 * What the user typed: text, so a half-typed value can be shown with its error instead of lost.
 * A field is null when the chosen family has no such setting (PCA has no epochs, an LSTM no dropout).
 */
export interface ModelForm {
  epochs: string | null;
  batchSize: string | null;
  learningRate: string | null;
  hiddenLayers: string | null;
  activation: Activation | null;
  dropout: string | null;
  patience: string | null;
  /** preprocessing, fitted on the training rows: every family has it */
  scaler: ScalerKind;
  /** signal names, comma-separated, compressed with log1p before scaling */
  log1pSignals: string;
  l2Rows: boolean;
  /** window settings; null for families that look at single rows */
  windowLength: string | null;
  windowStride: string | null;
  windowAttribution: ModelWindow['attribution'] | null;
  /** every family has a score to smooth; only reconstruction errors can be normalised */
  normalise: Scoring['normalise'];
  smoothingRows: string;
  smoothingAlign: Scoring['smoothingAlign'];
}
export type ModelFormField = keyof ModelForm;
export type ModelFormErrors = Partial<Record<ModelFormField, string>>;

const text = (value: number | undefined) => (value === undefined ? null : String(value));

/** The split and the missing-value policy are chosen on the Data step (services/prep.ts), not here. */
export function formFromConfig(config: ModelConfig): ModelForm {
  const has = config as Partial<Record<string, unknown>>;
  const window = windowOf(config);
  return {
    epochs: text(has.epochs as number | undefined),
    batchSize: text(has.batchSize as number | undefined),
    learningRate: text(has.learningRate as number | undefined),
    hiddenLayers: 'hiddenLayers' in config ? config.hiddenLayers.join(', ') : null,
    activation: 'activation' in config ? config.activation : null,
    dropout: text(has.dropout as number | undefined),
    patience: text(has.patience as number | undefined),
    scaler: config.scaler,
    log1pSignals: config.log1pSignals.join(', '),
    l2Rows: config.l2Rows,
    windowLength: window ? String(window.length) : null,
    windowStride: window ? String(window.stride) : null,
    windowAttribution: window?.attribution ?? null,
    normalise: config.scoring.normalise,
    smoothingRows: String(config.scoring.smoothingRows),
    smoothingAlign: config.scoring.smoothingAlign,
  };
}

const wholeNumber = /^\s*\d+\s*$/;
const decimal = /^\s*(\d+\.?\d*|\.\d+)(e-?\d+)?\s*$/i;

function parseWhole(text: string, min: number, max: number): number | null {
  if (!wholeNumber.test(text)) return null;
  const value = Number(text);
  return value >= min && value <= max ? value : null;
}

function parseDecimal(text: string, isValid: (value: number) => boolean): number | null {
  if (!decimal.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) && isValid(value) ? value : null;
}

export interface ValidatedForm {
  errors: ModelFormErrors;
  /** set only when there are no errors */
  config: ModelConfig | null;
}

/**
 * Checks every field and says, in the user's words, what is allowed. Ranges match the contract's
 * schema (shared/domain/model-config.ts), which the host checks again.
 */
export function validateModelForm(form: ModelForm, base: ModelConfig): ValidatedForm {
  const errors: ModelFormErrors = {};
  const values: Record<string, unknown> = {};
  type TextField = 'epochs' | 'batchSize' | 'learningRate' | 'dropout' | 'patience';
  const whole = (field: TextField, min: number, max: number, message: string) => {
    const typed = form[field];
    if (typed === null) return;
    const value = parseWhole(typed, min, max);
    if (value === null) errors[field] = message;
    else values[field] = value;
  };
  const decimalField = (field: TextField, isValid: (value: number) => boolean, message: string) => {
    const typed = form[field];
    if (typed === null) return;
    const value = parseDecimal(typed, isValid);
    if (value === null) errors[field] = message;
    else values[field] = value;
  };
  whole('epochs', 1, 10_000, 'epochs must be a whole number from 1 to 10000');
  whole('batchSize', 1, 65_536, 'batch size must be a whole number from 1 to 65536');
  decimalField('learningRate', (v) => v > 0 && v <= 1, 'learning rate must be a number above 0 and at most 1 (e.g. 0.001)');
  decimalField('dropout', (v) => v >= 0 && v <= 0.9, 'dropout must be a number from 0 to 0.9');
  whole('patience', 0, 1000, 'patience must be a whole number from 0 to 1000 (0 turns early stopping off)');
  if (form.activation !== null) values.activation = form.activation;
  values.scaler = form.scaler;
  values.l2Rows = form.l2Rows;
  values.log1pSignals = form.log1pSignals.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (form.windowLength !== null && form.windowStride !== null && form.windowAttribution !== null) {
    const length = parseWhole(form.windowLength, 2, 4096);
    const stride = parseWhole(form.windowStride, 1, 4096);
    if (length === null) errors.windowLength = 'window length must be a whole number of rows from 2 to 4096';
    if (stride === null) errors.windowStride = 'stride must be a whole number of rows from 1 to 4096';
    if (length !== null && stride !== null) values.window = { length, stride, attribution: form.windowAttribution };
  }
  const smoothingRows = parseWhole(form.smoothingRows, 1, 100_000);
  if (smoothingRows === null) errors.smoothingRows = 'smoothing must be a whole number of rows from 1 to 100000 (1 = no smoothing)';
  else values.scoring = { normalise: form.normalise, smoothingRows, smoothingAlign: form.smoothingAlign };

  if (form.hiddenLayers !== null) {
    const parts = form.hiddenLayers.split(',').map((part) => part.trim());
    const layers = parts.map((part) => parseWhole(part, 1, 4096));
    if (form.hiddenLayers.trim() === '' || layers.some((size) => size === null)) {
      errors.hiddenLayers = 'hidden layer sizes must be whole numbers from 1 to 4096, separated by commas';
    } else if (layers.length > 15) {
      errors.hiddenLayers = 'use at most 15 hidden layers';
    } else {
      values.hiddenLayers = layers;
    }
  }

  if (Object.keys(errors).length > 0) return { errors, config: null };
  // a form that passed the checks above must also pass the contract; if not, the ranges drifted
  const checked = modelConfigSchema.safeParse({ ...base, ...values });
  if (!checked.success) return { errors: { epochs: checked.error.issues[0]?.message ?? 'invalid settings' }, config: null };
  return { errors, config: checked.data };
}
