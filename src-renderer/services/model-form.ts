import type { Activation, DenseConfig } from '../../shared/domain/model-config';
import { denseConfigSchema } from '../../shared/domain/model-config';

/** What the user typed: text, so a half-typed value can be shown with its error instead of lost. */
export interface ModelForm {
  epochs: string;
  batchSize: string;
  learningRate: string;
  hiddenLayers: string;
  activation: Activation;
  dropout: string;
  patience: string;
}
export type ModelFormField = keyof ModelForm;
export type ModelFormErrors = Partial<Record<ModelFormField, string>>;

/** The split and the missing-value policy are chosen on the Data step (services/prep.ts), not here. */
export function formFromConfig(config: DenseConfig): ModelForm {
  return {
    epochs: String(config.epochs),
    batchSize: String(config.batchSize),
    learningRate: String(config.learningRate),
    hiddenLayers: config.hiddenLayers.join(', '),
    activation: config.activation,
    dropout: String(config.dropout),
    patience: String(config.patience),
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
  config: DenseConfig | null;
}

/**
 * Checks every field and says, in the user's words, what is allowed. Ranges match the contract's
 * schema (shared/domain/model-config.ts), which the host checks again.
 */
export function validateModelForm(form: ModelForm, base: DenseConfig): ValidatedForm {
  const errors: ModelFormErrors = {};
  const epochs = parseWhole(form.epochs, 1, 10_000);
  if (epochs === null) errors.epochs = 'epochs must be a whole number from 1 to 10000';
  const batchSize = parseWhole(form.batchSize, 1, 65_536);
  if (batchSize === null) errors.batchSize = 'batch size must be a whole number from 1 to 65536';
  const learningRate = parseDecimal(form.learningRate, (v) => v > 0 && v <= 1);
  if (learningRate === null) errors.learningRate = 'learning rate must be a number above 0 and at most 1 (e.g. 0.001)';
  const dropout = parseDecimal(form.dropout, (v) => v >= 0 && v <= 0.9);
  if (dropout === null) errors.dropout = 'dropout must be a number from 0 to 0.9';
  const patience = parseWhole(form.patience, 0, 1000);
  if (patience === null) errors.patience = 'patience must be a whole number from 0 to 1000 (0 turns early stopping off)';

  const parts = form.hiddenLayers.split(',').map((part) => part.trim());
  const layers = parts.map((part) => parseWhole(part, 1, 4096));
  if (form.hiddenLayers.trim() === '' || layers.some((size) => size === null)) {
    errors.hiddenLayers = 'hidden layer sizes must be whole numbers from 1 to 4096, separated by commas';
  } else if (layers.length > 15) {
    errors.hiddenLayers = 'use at most 15 hidden layers';
  }

  if (Object.keys(errors).length > 0) return { errors, config: null };
  const config: DenseConfig = {
    ...base,
    epochs: epochs!,
    batchSize: batchSize!,
    learningRate: learningRate!,
    hiddenLayers: layers as number[],
    activation: form.activation,
    dropout: dropout!,
    patience: patience!,
  };
  // a form that passed the checks above must also pass the contract; if not, the ranges drifted
  const checked = denseConfigSchema.safeParse(config);
  if (!checked.success) return { errors: { epochs: checked.error.issues[0]?.message ?? 'invalid settings' }, config: null };
  return { errors, config: checked.data };
}
