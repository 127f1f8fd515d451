import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isNeural, isSupervised, type ModelConfig } from '../../shared/domain/model-config';
import { defaultPresetName, findPreset, presets } from '../../shared/domain/presets';
import type { Roles } from '../../shared/domain/results';
import type { DatasetSummary } from '../../shared/ipc/datasets';
import { AppError } from '../../shared/errors';
import { DatasetStore, formatTime, type FeatureMatrix } from '../data/dataset-store';
import { applyMissingPolicy, columnMeans, fillWithMeans } from '../data/missing';
import { defaultMissingPolicy, missingPolicySchema, type MissingPolicy } from '../../shared/domain/data-prep';
import { buildRunRecord, savedModelOf } from '../host/run-builder';
import { ComputeClient } from '../jobs/compute-client';
import { forkTransport } from '../jobs/transport';
import { totalEpochs } from '../ml/estimate-plan';
import { matrix, selectRows } from '../ml/matrix';
import { writeModelDir } from '../ml/model-file';
import { chromiumMissing, findChromium, printPdfWithChromium } from '../report/pdf';
import { culpritHitRates, mapCulpritsToColumns, parseInterpretation } from '../ml/hitrate';
import type { RunRecord } from '../host/runs';
import { metricsJson, writeRunFiles, type HitRates } from './output-files';
import { backendFlag, backendUsage } from './backend-flag';
import { UsageError } from './usage-error';


export const analyzeUsage =
  `anomaly-lens analyze --train <file> [--test <file>] [--label <col>] [--time <col>] [--preset <name>] [--epochs <n>] [--seed <n>] [--train-share <0..1>] [--interpretation <file>] [--missing <policy>] [--out <dir>] [--pdf (report.pdf too, with headless Chromium)] [--save-model <dir> (the model, its preprocessing and threshold, for score)] ${backendUsage}`;

export function requireFile(option: string, file: string | undefined): string {
  if (!file) throw new UsageError(`${option} <file> is required`);
  if (!existsSync(file)) throw new UsageError(`${option}: no such file: ${file}`);
  if (!statSync(file).isFile()) throw new UsageError(`${option}: not a file: ${file}`);
  return path.resolve(file);
}

export function parseMissingPolicy(value: string): MissingPolicy {
  const policy = missingPolicySchema.safeParse(value);
  if (!policy.success) throw new UsageError(`--missing must be one of ${missingPolicySchema.options.join(', ')}, got ${value}`);
  return policy.data;
}

export function pickColumn(summary: DatasetSummary, option: string, wanted: string | undefined, role: 'time' | 'label'): string | null {
  if (wanted === undefined) return summary.columns.find((column) => column.suggestedRole === role)?.name ?? null;
  if (!summary.columns.some((column) => column.name === wanted)) {
    throw new UsageError(`${option} ${wanted}: no such column in ${summary.path} (columns: ${summary.columns.map((c) => c.name).join(', ')})`);
  }
  return wanted;
}

/** The training file decides the signals; the test file must have the same ones. */
function rolesFor(summary: DatasetSummary, time: string | null, label: string | null, signals?: string[]): Roles {
  const chosen =
    signals ??
    summary.columns
      .filter((column) => column.suggestedRole === 'signal' && column.name !== time && column.name !== label)
      .map((column) => column.name);
  const missing = chosen.filter((name) => !summary.columns.some((column) => column.name === name));
  if (missing.length > 0) throw new UsageError(`${summary.path} lacks the training file's signal columns: ${missing.join(', ')}`);
  if (chosen.length === 0) throw new UsageError(`${summary.path} has no numeric signal columns`);
  const hasLabel = label !== null && summary.columns.some((column) => column.name === label);
  const hasTime = time !== null && summary.columns.some((column) => column.name === time);
  return { time: hasTime ? time : null, label: hasLabel ? label : null, signals: chosen };
}

interface FileData extends FeatureMatrix {
  rowIds: Uint32Array | null;
  droppedRows: number;
}

/** The missing-value policy per file; a mean fill of the test file uses the training file's means. */
function prepareFile(data: FeatureMatrix, policy: MissingPolicy, trainMeans: Float64Array | null): FileData {
  if (policy === 'mean-fill' && trainMeans) return { ...data, X: fillWithMeans(data.X, data.n, data.d, trainMeans), rowIds: null, droppedRows: 0 };
  const allRows = policy === 'mean-fill' ? Uint32Array.from({ length: data.n }, (_, i) => i) : null;
  const prepared = applyMissingPolicy(data.X, data.n, data.d, data.signals, policy, allRows, data.file);
  const keep = <T extends Uint8Array | Float64Array>(values: T | null): T | null => {
    if (!values || !prepared.rowIds) return values;
    const out = new (values.constructor as new (length: number) => T)(prepared.rowIds.length);
    prepared.rowIds.forEach((row, i) => (out[i] = values[row]!));
    return out;
  };
  return {
    ...data,
    X: prepared.X,
    n: prepared.n,
    labels: keep(data.labels),
    times: keep(data.times),
    rowIds: prepared.rowIds,
    droppedRows: data.n - prepared.n,
  };
}

/** The rows a model learns from: the first `rows` rows, only those labelled normal unless the model learns from labels. */
function fitRowsOf(data: FeatureMatrix, rows: number, supervised: boolean): number[] {
  const fit: number[] = [];
  for (let row = 0; row < rows; row++) if (supervised || !data.labels || data.labels[row] === 0) fit.push(row);
  return fit;
}

function formatEta(ms: number | null): string {
  if (ms === null) return '';
  const seconds = Math.round(ms / 1000);
  return ` ETA ${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

export async function analyze(argv: string[], stderr: (line: string) => void): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      train: { type: 'string' },
      test: { type: 'string' },
      label: { type: 'string' },
      time: { type: 'string' },
      preset: { type: 'string', default: defaultPresetName },
      epochs: { type: 'string' },
      seed: { type: 'string' },
      'train-share': { type: 'string' },
      interpretation: { type: 'string' },
      out: { type: 'string', default: 'out/analysis' },
      missing: { type: 'string', default: defaultMissingPolicy },
      pdf: { type: 'boolean', default: false },
      'save-model': { type: 'string' },
      backend: { type: 'string' },
    },
  });
  const backendChoice = backendFlag(values.backend);
  const trainFile = requireFile('--train', values.train);
  const testFile = values.test === undefined ? null : requireFile('--test', values.test);
  const preset = findPreset(values.preset!);
  if (!preset) throw new UsageError(`--preset ${values.preset}: unknown preset (choose from ${presets.map((p) => p.name).join(', ')})`);
  const config: ModelConfig = { ...preset.config };
  if (values.epochs !== undefined) {
    const epochs = Number(values.epochs);
    if (!Number.isInteger(epochs) || epochs < 1 || epochs > 10_000) throw new UsageError(`--epochs must be a whole number from 1 to 10000, got ${values.epochs}`);
    if (!isNeural(config)) throw new UsageError(`--epochs: the ${config.preset} preset fits in one pass and has no epochs`);
    // RDAE counts its training in ADMM iterations of inner epochs: --epochs sets the inner epochs
    if (config.family === 'rdae') config.innerEpochs = epochs;
    else config.epochs = epochs;
    if (config.family === 'ae-classifier') config.headEpochs = epochs;
    if (config.family === 'vae') config.annealEpochs = Math.min(config.annealEpochs, epochs);
  }
  if (values.seed !== undefined) {
    const seed = Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) throw new UsageError(`--seed must be a whole number from 0 to 2147483647, got ${values.seed}`);
    if (!('seed' in config)) throw new UsageError(`--seed: the ${config.preset} preset is not random`);
    config.seed = seed;
  }
  const interpretationFile = values.interpretation === undefined ? null : requireFile('--interpretation', values.interpretation);
  const trainShare = values['train-share'] === undefined ? 1 : Number(values['train-share']);
  if (!(trainShare > 0 && trainShare <= 1)) throw new UsageError(`--train-share must be a number above 0 and at most 1, got ${values['train-share']}`);
  if (trainShare < 1 && testFile) throw new UsageError('--train-share splits one file in time: leave out --test, or leave out --train-share');
  const policy = parseMissingPolicy(values.missing!);
  const outDir = path.resolve(values.out!);
  const saveModelDir = values['save-model'] === undefined ? null : path.resolve(values['save-model']);
  // checked before training, so a missing browser does not cost a finished run its PDF
  const chromium = values.pdf ? findChromium() : null;
  if (values.pdf && !chromium) throw new UsageError(`--pdf: ${chromiumMissing}`);

  const store = await DatasetStore.open(':memory:');
  const compute = new ComputeClient(() => forkTransport({ backend: backendChoice ?? 'auto' }));
  try {
    stderr(`importing ${trainFile}`);
    const trainSummary = await store.importFile(trainFile);
    const time = pickColumn(trainSummary, '--time', values.time, 'time');
    // A training file often has no label column (all normal); the label must then be in the test file.
    const labelInTrain = values.label === undefined || trainSummary.columns.some((column) => column.name === values.label);
    if (!labelInTrain && !testFile) pickColumn(trainSummary, '--label', values.label, 'label');
    const label = labelInTrain ? pickColumn(trainSummary, '--label', values.label, 'label') : values.label!;
    const trainRoles = rolesFor(trainSummary, time, label, undefined);
    const trainData = prepareFile(await store.matrix(trainSummary.id, trainRoles), policy, null);

    const supervised = isSupervised(config);
    const trainEnd = Math.floor(trainData.n * trainShare);
    const fitRows = fitRowsOf(trainData, trainEnd, supervised);
    // the means of the rows the model learns from, as the app keeps them: a gap in the scored file
    // (and in any file the saved model scores) takes them under mean fill
    const trainMeans = columnMeans(trainData.X, trainData.d, fitRows);
    let scoreData = trainData;
    let scoreSummary = trainSummary;
    if (testFile) {
      stderr(`importing ${testFile}`);
      scoreSummary = await store.importFile(testFile);
      if (values.label !== undefined) pickColumn(scoreSummary, '--label', values.label, 'label');
      const testRoles = rolesFor(scoreSummary, time, label, trainRoles.signals);
      scoreData = prepareFile(await store.matrix(scoreSummary.id, testRoles), policy, trainMeans);
    }

    const backend = await compute.start();
    stderr(`tfjs backend: ${backend.name} (${backend.detail})`);
    if (supervised && !trainData.labels) {
      throw new UsageError(
        `the ${config.preset} preset learns from labels and ${trainFile} has no label column: train on a labelled file, e.g. --train <labelled file> --label <col> --train-share 0.5`,
      );
    }
    const epochs = totalEpochs(config);
    stderr(`training ${config.preset} on ${fitRows.length} rows x ${trainData.d} signals` + (epochs === null ? '' : ` for up to ${epochs} epochs`));
    const output = await compute.train(
      {
        jobId: 'cli',
        config,
        signals: trainData.signals,
        fit: selectRows(matrix(trainData.X, trainData.n, trainData.d), fitRows),
        fitLabels: trainData.labels ? Uint8Array.from(fitRows, (row) => trainData.labels![row]!) : null,
        validation: null,
        validationLabels: null,
        score: matrix(scoreData.X, scoreData.n, scoreData.d),
      },
      ({ phase, progress }) => {
        if (phase !== 'training') stderr(`${phase}…`);
        else if (progress?.epochLoss != null) {
          const val = progress.valLoss === null ? '' : ` val_loss ${progress.valLoss.toFixed(5)}`;
          stderr(`epoch ${progress.epoch}/${progress.epochs} loss ${progress.epochLoss.toFixed(5)}${val}${formatEta(progress.etaMs)}`);
        }
      },
    );
    const record = buildRunRecord(
      {
        runId: 'cli',
        datasetId: scoreSummary.id,
        datasetName: path.basename(testFile ?? trainFile),
        model: config,
        roles: rolesFor(scoreSummary, time, scoreData.labels ? label : null, trainRoles.signals),
        split: { kind: 'chronological', train: trainShare, validation: 0, normalOnly: !supervised },
        missing: policy,
        backend,
        signals: scoreData.signals,
        raw: scoreData.X,
        labels: scoreData.labels,
        partition: trainShare < 1 ? { trainEnd, validationEnd: trainEnd } : null,
        droppedRows: scoreData.droppedRows,
        fitMeans: trainMeans,
        // with one file split in time, metrics count only the rows after the training part
        // one file split in time keeps no validation rows; a --test file has none either
        validationRows: new Uint32Array(0),
        testRows: Uint32Array.from({ length: scoreData.n - (trainShare < 1 ? trainEnd : 0) }, (_, i) => i + (trainShare < 1 ? trainEnd : 0)),
      },
      output,
    );

    const times = scoreData.times;
    const hitRates = interpretationFile && record.errors ? await hitRatesOfFile(interpretationFile, record, rolesFor(scoreSummary, time, label).signals) : null;
    await writeRunFiles(outDir, record, {
      timeOf: times ? (row: number) => formatTime(times[row]!, scoreData.timeKind) : null,
      rowIds: scoreData.rowIds,
      metrics: metricsJson(record, epochs, hitRates),
      report: {
        datasetPath: testFile ?? trainFile,
        columns: scoreSummary.columns,
        splitNote: testFile
          ? `trained on ${trainFile} (rows labelled normal only, when labelled), tested on ${testFile}`
          : trainShare < 1
            ? `trained on the first ${Math.round(trainShare * 100)}% of the rows, evaluated on the rest`
            : `trained and scored on the same file`,
      },
      stderr,
    });
    if (chromium) await printPdfWithChromium(path.join(outDir, 'report.html'), path.join(outDir, 'report.pdf'), chromium);
    if (saveModelDir) {
      await writeModelDir(saveModelDir, savedModelOf(record));
      stderr(`saved the model to ${saveModelDir}`);
    }
    const metrics = record.result.threshold.metrics;
    stderr(
      `done in ${record.result.trainSeconds.toFixed(1)} s of training: ${record.result.threshold.events.length} alarm events` +
        (metrics ? `, ROC-AUC ${metrics.rocAuc?.toFixed(3)}, PR-AUC ${metrics.prAuc?.toFixed(3)}, F1 ${metrics.f1.toFixed(3)}` : ''),
    );
    return outDir;
  } finally {
    compute.stop();
    await store.close();
  }
}

/**
 * HitRate@100% and @150% (DESIGN section 4) over the labelled rows an interpretation segment covers.
 * Each row's signals are ranked as the product explains that row: by each signal's peak error over
 * the rows its score is smoothed over. The peers' protocol (each row by its own error alone) is
 * written beside it. Culprits are numbered by the file's signal columns.
 */
async function hitRatesOfFile(file: string, record: RunRecord, fileSignals: string[]): Promise<HitRates> {
  let segments;
  try {
    segments = parseInterpretation(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--interpretation ${file}: ${(error as Error).message}`);
  }
  const run = record.result;
  const { scoring } = run.model;
  const rates = culpritHitRates({
    E: record.errors!,
    nSignals: run.signals.length,
    segments: mapCulpritsToColumns(segments, fileSignals, run.signals),
    labels: run.labels,
    span: { rows: scoring.smoothingRows, align: scoring.smoothingAlign },
  });
  return {
    hitrate_100: rates.hitRate100,
    hitrate_150: rates.hitRate150,
    hitrate_rows: rates.rows,
    hitrate_ranking: `each signal's peak error over the ${scoring.smoothingRows} rows ${scoring.smoothingAlign === 'centred' ? 'centred on' : 'up to'} the row`,
    hitrate_row_100: rates.rowHitRate100,
    hitrate_row_150: rates.rowHitRate150,
  };
}

export function isUsageProblem(error: unknown): boolean {
  return error instanceof UsageError || error instanceof AppError || (error as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS') === true;
}
