import { modelConfigSchema, type ModelConfig } from './domain/model-config';
import { modelConfigIssues, type ModelContext } from './domain/model-validation';

/**
 * The settings a grid sweep can vary (seed 003's tuning grids): numbers, and lists of layer widths
 * for the network's shape. Dotted names reach into nested settings.
 */
export const sweepFields = {
  learningRate: { label: 'learning rate', kind: 'number' },
  batchSize: { label: 'batch size', kind: 'number' },
  epochs: { label: 'epochs', kind: 'number' },
  patience: { label: 'patience', kind: 'number' },
  dropout: { label: 'dropout', kind: 'number' },
  hiddenLayers: { label: 'hidden layers', kind: 'widths' },
  encoderLayers: { label: 'encoder layers', kind: 'widths' },
  encoderUnits: { label: 'encoder units', kind: 'widths' },
  filters: { label: 'filters', kind: 'widths' },
  kernelSize: { label: 'kernel size', kind: 'number' },
  latentSize: { label: 'latent size', kind: 'number' },
  beta: { label: 'beta', kind: 'number' },
  lambda: { label: 'lambda', kind: 'number' },
  outerIterations: { label: 'outer iterations', kind: 'number' },
  innerEpochs: { label: 'inner epochs', kind: 'number' },
  lstmUnits: { label: 'LSTM units', kind: 'number' },
  denseUnits: { label: 'dense units', kind: 'number' },
  headEpochs: { label: 'classifier epochs', kind: 'number' },
  components: { label: 'components', kind: 'number' },
  varianceToKeep: { label: 'variance to keep', kind: 'number' },
  trees: { label: 'trees', kind: 'number' },
  sampleSize: { label: 'sample size', kind: 'number' },
  'window.length': { label: 'window length', kind: 'number' },
  'window.stride': { label: 'window stride', kind: 'number' },
  'scoring.smoothingRows': { label: 'smoothing rows', kind: 'number' },
} as const satisfies Record<string, { label: string; kind: 'number' | 'widths' }>;

export type SweepField = keyof typeof sweepFields;
export const sweepFieldNames = Object.keys(sweepFields) as [SweepField, ...SweepField[]];
export type SweepValue = number | number[];

export interface SweepAxis {
  field: SweepField;
  values: SweepValue[];
}
export interface SweepSetting {
  field: SweepField;
  value: SweepValue;
}
export interface SweepRun {
  settings: SweepSetting[];
  /** the base config with the run's settings; unchecked until checkSweep says it can train */
  config: unknown;
}

/** Runs one sweep may queue: 64 covers seed 003's 3 x 3 x 3 x 2 autoencoder grid with room to spare. */
export const maxSweepRuns = 64;

export function valueAt(config: unknown, field: string): unknown {
  return field.split('.').reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), config);
}

function withValue(config: unknown, field: string, value: unknown): unknown {
  const [head, ...rest] = field.split('.');
  const object = config as Record<string, unknown>;
  return { ...object, [head!]: rest.length > 0 ? withValue(object[head!], rest.join('.'), value) : value };
}

/** Settings of the config a sweep can vary: the family has them (an LSTM has no dropout, PCA no epochs). */
export function sweepableFields(config: ModelConfig): SweepField[] {
  return sweepFieldNames.filter((field) => valueAt(config, field) != null);
}

export function runCount(axes: ReadonlyArray<{ values: readonly unknown[] }>): number {
  return axes.reduce((product, axis) => product * axis.values.length, 1);
}

export function formatSweepValue(value: SweepValue): string {
  return Array.isArray(value) ? value.join('-') : String(value);
}

export function describeSettings(settings: SweepSetting[]): string {
  return settings.map(({ field, value }) => `${sweepFields[field].label} ${formatSweepValue(value)}`).join(', ');
}

/** Every combination of the axes' values, the first axis varying slowest (seed 003's table order). */
export function expandGrid(base: ModelConfig, axes: SweepAxis[]): SweepRun[] {
  let combinations: SweepSetting[][] = [[]];
  for (const axis of axes) {
    combinations = combinations.flatMap((settings) => axis.values.map((value) => [...settings, { field: axis.field, value }]));
  }
  return combinations.map((settings) => ({
    settings,
    config: settings.reduce<unknown>((config, { field, value }) => withValue(config, field, value), base),
  }));
}

export interface SweepCheck {
  /** per axis, what is wrong with its setting or one of its values; null when nothing is */
  axisErrors: Array<string | null>;
  /** the grid as a whole, or combinations of values that cannot train together */
  runErrors: string[];
}

export function sweepCheckPasses(check: SweepCheck): boolean {
  return check.axisErrors.every((error) => error === null) && check.runErrors.length === 0;
}

const blocking = (config: unknown, context: ModelContext) => modelConfigIssues(config, context).filter((issue) => issue.severity === 'error');

/** An issue about the axis's own setting (an element of a width list, or "window" for window.length, counts too). */
const concerns = (issueField: string, field: SweepField) => issueField === field || field.startsWith(`${issueField}.`) || issueField.startsWith(`${field}.`);

function axisError(base: ModelConfig, axis: SweepAxis, context: ModelContext): string | null {
  const { label } = sweepFields[axis.field];
  if (valueAt(base, axis.field) == null) return `a ${base.family} model has no ${label}: choose one of its own settings`;
  if (axis.values.length === 0) return `give at least one value for ${label}`;
  const seen = new Set<string>();
  for (const value of axis.values) {
    const text = formatSweepValue(value);
    if (seen.has(text)) return `${label} ${text} is listed twice`;
    seen.add(text);
    // only the contract's ranges belong to one value; what the data allows may depend on the other axes
    const config = withValue(base, axis.field, value);
    if (modelConfigSchema.safeParse(config).success) continue;
    const issue = blocking(config, context).find((candidate) => concerns(candidate.field, axis.field));
    if (issue) {
      const prefix = `${label}: `;
      return `${label} ${text}: ${issue.message.startsWith(prefix) ? issue.message.slice(prefix.length) : issue.message}`;
    }
  }
  return null;
}

/**
 * Everything that would stop a sweep's runs, checked before any of them starts: each value on its
 * own (field-level errors), the number of runs, then every combination with the data's context
 * (modelConfigIssues, as training:start checks one run). A problem every run shares is said once.
 */
export function checkSweep(base: ModelConfig, axes: SweepAxis[], context: ModelContext): SweepCheck {
  const axisErrors = axes.map((axis, i) =>
    axes.findIndex((other) => other.field === axis.field) < i ? `${sweepFields[axis.field].label} is already in the grid` : axisError(base, axis, context),
  );
  if (axes.length === 0) return { axisErrors, runErrors: ['add a setting to vary'] };
  const runs = runCount(axes);
  if (runs > maxSweepRuns) return { axisErrors, runErrors: [`${runs} runs is more than ${maxSweepRuns}: use fewer values`] };
  if (axisErrors.some((error) => error !== null)) return { axisErrors, runErrors: [] };

  const problems = expandGrid(base, axes).map((run) => ({ run, messages: [...new Set(blocking(run.config, context).map((issue) => issue.message))] }));
  const shared = problems[0]!.messages.filter((message) => problems.every((problem) => problem.messages.includes(message)));
  const runErrors = shared.map((message) => (problems.length > 1 ? `every run: ${message}` : message));
  problems.forEach(({ run, messages }, i) => {
    const own = messages.filter((message) => !shared.includes(message));
    if (own.length > 0) runErrors.push(`run ${i + 1} of ${problems.length} (${describeSettings(run.settings)}): ${own.join('; ')}`);
  });
  return { axisErrors, runErrors };
}

export interface KeySetting {
  key: string;
  label: string;
  value: number | string;
}

/** A few readable settings of a run for the compare table: what a sweep varies, and the activation. */
export function keySettings(config: ModelConfig): KeySetting[] {
  const settings = sweepableFields(config).map((field): KeySetting => {
    const value = valueAt(config, field) as SweepValue;
    return { key: field as string, label: sweepFields[field].label, value: Array.isArray(value) ? formatSweepValue(value) : value };
  });
  if ('activation' in config) settings.push({ key: 'activation', label: 'activation', value: config.activation });
  return settings;
}
