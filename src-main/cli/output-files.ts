import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import packageJson from '../../package.json';
import type { RunRecord } from '../host/runs';
import { writeFileAtomic } from '../project/atomic-write';
import { buildReportHtml, type ReportContext } from '../report/html';
import { bestF1Threshold } from '../ml/threshold';
import { describeThresholdRule } from '../../shared/domain/results';

/** Shortest text that keeps a float32's value. */
export function formatValue(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(9))) : '';
}

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Streams rows so a million-row file never sits in memory as one string. */
async function writeCsv(file: string, header: string[], rowCount: number, row: (index: number) => string[]): Promise<void> {
  const stream = createWriteStream(file);
  const write = async (line: string) => {
    if (!stream.write(line)) await once(stream, 'drain');
  };
  await write(`${header.map(csvCell).join(',')}\n`);
  let chunk = '';
  for (let i = 0; i < rowCount; i++) {
    chunk += `${row(i).join(',')}\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  stream.end();
  await once(stream, 'finish');
}

/** `row` is the file's 0-based data row, also when the missing-value policy dropped rows. */
export async function writeScoresCsv(
  file: string,
  record: RunRecord,
  timeOf: ((row: number) => string) | null,
  rowIds: Uint32Array | null,
): Promise<void> {
  const { scores, labels, threshold } = record.result;
  const extra = record.extraScores;
  const header = ['row', ...(timeOf ? ['time'] : []), 'score', 'alarm', ...(labels ? ['label'] : []), ...extra.map((score) => score.name)];
  await writeCsv(file, header, scores.length, (i) => [
    String(rowIds ? rowIds[i] : i),
    ...(timeOf ? [csvCell(timeOf(i))] : []),
    formatValue(scores[i]!),
    scores[i]! > threshold.value ? '1' : '0',
    ...(labels ? [String(labels[i])] : []),
    ...extra.map((score) => formatValue(score.values[i]!)),
  ]);
}

/** Writes the per-signal errors; a model without them (trees, classifiers) writes no file and returns false. */
export async function writeFeatureErrorsCsv(file: string, record: RunRecord, rowIds: Uint32Array | null): Promise<boolean> {
  const { signals, nRows } = record.result;
  const errors = record.errors;
  if (!errors) return false;
  const d = signals.length;
  await writeCsv(file, ['row', ...signals], nRows, (i) => {
    const cells = [String(rowIds ? rowIds[i] : i)];
    for (let s = 0; s < d; s++) cells.push(formatValue(errors[i * d + s]!));
    return cells;
  });
  return true;
}

/**
 * Lets `write` fill a temp file beside the target, syncs it, then renames: the streamed writers above
 * cannot hand writeFileAtomic one string, yet a reader must never see half a file.
 */
export async function writeViaTemp(target: string, write: (temp: string) => Promise<void>): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await write(temp);
    const handle = await open(temp, 'r+');
    await handle.sync().finally(() => handle.close());
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

const sqlText = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * Converts one of the CSV files above to Parquet with DuckDB (already our data engine, so no new
 * dependency); the column types are what DuckDB reads the CSV as, so both files hold the same values.
 */
export async function csvToParquet(csvFile: string, parquetFile: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`COPY (SELECT * FROM read_csv(${sqlText(csvFile)}, header = true)) TO ${sqlText(parquetFile)} (FORMAT parquet)`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** HitRate@100% and @150% of the run's explanations against ground-truth culprits, when given. */
export interface HitRates {
  hitrate_100: number;
  hitrate_150: number;
  hitrate_rows: number;
  /** how each row's signals were ranked for hitrate_100/150 */
  hitrate_ranking: string;
  /** the peers' protocol: each row's signals ranked by that row's error alone */
  hitrate_row_100: number;
  hitrate_row_150: number;
}

export function metricsJson(record: RunRecord, epochsRequested: number | null, hitRates: HitRates | null = null): Record<string, unknown> {
  const run = record.result;
  const { threshold } = run;
  const base: Record<string, unknown> = {
    backend: run.backend.name,
    backend_detail: run.backend.detail,
    preset: run.model.preset,
    epochs: run.epochsRun,
    epochs_requested: epochsRequested,
    best_epoch: run.bestEpoch,
    train_seconds: run.trainSeconds,
    threshold: threshold.value,
    rule: threshold.rule,
    rule_description: describeThresholdRule(threshold.rule),
    scoring: run.model.scoring,
    // each signal's mean squared error on the training rows: what normalised scores and culprit shares divide by
    typical_error: record.typicalError ? Object.fromEntries(run.signals.map((signal, i) => [signal, record.typicalError![i]])) : null,
    n_rows: run.nRows,
    n_signals: run.signals.length,
    n_events: threshold.events.length,
  };
  const m = threshold.metrics;
  if (!m) return base;
  // the best point-wise F1 any threshold reaches on the evaluated rows: what the quality bench compares
  const pick = (values: ArrayLike<number>) => Array.from(record.testRows, (row) => values[row]!);
  const best = run.labels ? bestF1Threshold(pick(run.scores), pick(run.labels)) : null;
  return {
    ...base,
    tp: m.tp,
    fp: m.fp,
    tn: m.tn,
    fn: m.fn,
    accuracy: m.accuracy,
    precision: m.precision,
    recall: m.recall,
    f1: m.f1,
    roc_auc: m.rocAuc,
    pr_auc: m.prAuc,
    best_f1: best?.f1 ?? null,
    true_events: m.events.trueEvents,
    detected_events: m.events.detectedEvents,
    alarm_runs: m.events.alarmRuns,
    event_precision: m.events.precision,
    event_recall: m.events.recall,
    event_f1: m.events.f1,
    // flatters detectors (a found event counts all its rows): an extra, never the headline
    point_adjusted_f1: m.pointAdjustedF1,
    ...hitRates,
  };
}

/** What analyze and score both write for a run: scores.csv, feature_errors.csv where the family has them, metrics.json, report.html. */
export async function writeRunFiles(
  outDir: string,
  record: RunRecord,
  files: {
    timeOf: ((row: number) => string) | null;
    rowIds: Uint32Array | null;
    metrics: Record<string, unknown>;
    report: Omit<ReportContext, 'appVersion'>;
    stderr: (line: string) => void;
  },
): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await writeScoresCsv(path.join(outDir, 'scores.csv'), record, files.timeOf, files.rowIds);
  const wroteErrors = await writeFeatureErrorsCsv(path.join(outDir, 'feature_errors.csv'), record, files.rowIds);
  if (!wroteErrors) files.stderr(`no feature_errors.csv: a ${record.result.model.family} model gives no error per signal`);
  await writeFileAtomic(path.join(outDir, 'metrics.json'), `${JSON.stringify(files.metrics, null, 2)}\n`);
  const { html } = buildReportHtml(record, { appVersion: packageJson.version, ...files.report });
  await writeFileAtomic(path.join(outDir, 'report.html'), html);
}
