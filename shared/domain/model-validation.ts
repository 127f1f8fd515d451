import { isSupervised, modelConfigSchema, windowOf, type ModelConfig } from './model-config';

/** One problem with a model config, for the form field it belongs to (dotted path, e.g. "window.length"). */
export interface ConfigIssue {
  field: string;
  message: string;
  /** errors block training; warnings say what will likely go wrong but let the user try */
  severity: 'error' | 'warning';
}

/** What the form knows about the data the model will see. */
export interface ModelContext {
  /** signals per row */
  inputSize: number;
  /** training rows the split gives, when known */
  trainingRows?: number;
  /** whether a label column is chosen */
  hasLabels?: boolean;
  /** signal names, to check log1p choices */
  signals?: string[];
}

const fieldLabels: Record<string, string> = {
  learningRate: 'learning rate',
  batchSize: 'batch size',
  epochs: 'epochs',
  patience: 'patience',
  validationFraction: 'validation share',
  hiddenLayers: 'hidden layers',
  encoderLayers: 'encoder layers',
  encoderUnits: 'encoder units',
  latentSize: 'latent size',
  dropout: 'dropout',
  'window.length': 'window length',
  'window.stride': 'window stride',
  kernelSize: 'kernel size',
  headEpochs: 'classifier epochs',
  annealEpochs: 'annealing epochs',
  outerIterations: 'outer iterations',
  innerEpochs: 'inner epochs',
  varianceToKeep: 'variance to keep',
  sampleSize: 'sample size',
  'scoring.smoothingRows': 'smoothing rows',
  'scoring.normalise': 'normalise errors',
};

function label(field: string): string {
  return fieldLabels[field] ?? field;
}

/**
 * Field-level problems a user can fix before training: the schema's ranges, then the rules that
 * depend on the data (a bottleneck narrower than the input, windows that fit the rows, labels for
 * supervised families). The config can train when no issue is an error.
 */
export function modelConfigIssues(input: unknown, context: ModelContext): ConfigIssue[] {
  const parsed = modelConfigSchema.safeParse(input);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => {
      const field = issue.path.join('.');
      return { field, message: `${label(field)}: ${issue.message}`, severity: 'error' as const };
    });
  }
  return dataIssues(parsed.data, context);
}

function dataIssues(config: ModelConfig, context: ModelContext): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (field: string, message: string, severity: ConfigIssue['severity'] = 'error') => issues.push({ field, message, severity });
  const window = windowOf(config);
  const rowInput = context.inputSize;
  const networkInput = config.family === 'window-dense' && window ? window.length * rowInput : rowInput;

  if ('hiddenLayers' in config) {
    const narrowest = Math.min(...config.hiddenLayers);
    if (narrowest >= networkInput) {
      add(
        'hiddenLayers',
        `the narrowest hidden layer (${narrowest}) should be smaller than the input size ${networkInput}, or the autoencoder can learn to copy its input and reconstruct anomalies too`,
        'warning',
      );
    }
  }
  if (config.family === 'vae') {
    if (config.latentSize >= rowInput) add('latentSize', `latent size must be smaller than the input size ${rowInput}`);
    if (config.annealEpochs > config.epochs) {
      add('annealEpochs', `annealing over ${config.annealEpochs} epochs is longer than training (${config.epochs} epochs): the KL weight never reaches beta`, 'warning');
    }
  }
  if (config.family === 'pca' && config.components > rowInput) {
    add('components', `components (${config.components}) must be at most the number of signals ${rowInput}`);
  }
  if (window) {
    if (window.stride > window.length) {
      add('window.stride', `stride ${window.stride} is longer than the window (${window.length}): the rows between windows are never learned`, 'warning');
    }
    if (context.trainingRows !== undefined && context.trainingRows < window.length) {
      add('window.length', `windows of ${window.length} rows need at least ${window.length} training rows; the split gives ${context.trainingRows}`);
    }
  }
  if (config.family === 'conv1d' || config.family === 'clstm') {
    const factor = 2 ** config.filters.length;
    if (config.family === 'conv1d' && window && window.length % factor !== 0) {
      add('window.length', `window length ${window.length} must be divisible by ${factor}: each of the ${config.filters.length} conv layers halves it`);
    }
    if (config.family === 'clstm' && window && window.length < factor) {
      add('window.length', `window length ${window.length} is too short for ${config.filters.length} pooling layers; use at least ${factor}`);
    }
  }
  if (config.scoring.normalise === 'typical-error' && (config.family === 'iforest' || isSupervised(config))) {
    add('scoring.normalise', `a ${config.family} model's score is not a reconstruction error: there is nothing to normalise, and the score stays as the model gives it`, 'warning');
  }
  if (context.trainingRows !== undefined && config.scoring.smoothingRows > context.trainingRows) {
    add('scoring.smoothingRows', `smoothing over ${config.scoring.smoothingRows} rows is longer than the ${context.trainingRows} training rows: every score becomes nearly the same`, 'warning');
  }
  if (isSupervised(config) && context.hasLabels === false) {
    add('family', 'this model learns from labels: choose a label column, or pick an autoencoder');
  }
  if (context.signals) {
    for (const name of config.log1pSignals) {
      if (!context.signals.includes(name)) add('log1pSignals', `log1p signal "${name}" is not one of the chosen signals`);
    }
  }
  return issues;
}
