import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultMissingPolicy } from '../../shared/domain/data-prep';
import { DatasetStore, formatTime } from '../data/dataset-store';
import { prepareScoringData, scoreRun } from '../host/score-run';
import { ComputeClient } from '../jobs/compute-client';
import { forkTransport } from '../jobs/transport';
import { readModelDir, type SavedModel } from '../ml/model-file';
import { parseMissingPolicy, pickColumn, requireFile } from './analyze';
import { UsageError } from './usage-error';
import { chromiumMissing, findChromium, printPdfWithChromium } from '../report/pdf';
import { metricsJson, writeRunFiles } from './output-files';
import { backendFlag, backendUsage } from './backend-flag';

export const scoreUsage = `anomaly-lens score --model <dir> --data <file> [--label <col>] [--time <col>] [--missing <policy>] [--out <dir>] [--pdf] ${backendUsage} (the model from analyze --save-model or the app's export; writes analyze's files)`;

async function readModel(dir: string | undefined): Promise<SavedModel> {
  if (!dir) throw new UsageError('--model <dir> is required');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--model: no such folder: ${dir}`);
  try {
    return await readModelDir(path.resolve(dir));
  } catch (error) {
    throw new UsageError(`--model: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** Scores a file with a saved model, without training, and writes what analyze writes for it. */
export async function score(argv: string[], stderr: (line: string) => void): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      model: { type: 'string' },
      data: { type: 'string' },
      label: { type: 'string' },
      time: { type: 'string' },
      missing: { type: 'string', default: defaultMissingPolicy },
      out: { type: 'string', default: 'out/score' },
      pdf: { type: 'boolean', default: false },
      backend: { type: 'string' },
    },
  });
  const backendChoice = backendFlag(values.backend);
  const saved = await readModel(values.model);
  const dataFile = requireFile('--data', values.data);
  const missing = parseMissingPolicy(values.missing!);
  const outDir = path.resolve(values.out!);
  // checked before scoring, as analyze does: a missing browser should not cost a long scoring its PDF
  const chromium = values.pdf ? findChromium() : null;
  if (values.pdf && !chromium) throw new UsageError(`--pdf: ${chromiumMissing}`);

  const store = await DatasetStore.open(':memory:');
  const compute = new ComputeClient(() => forkTransport({ backend: backendChoice ?? 'auto' }));
  try {
    stderr(`importing ${dataFile}`);
    const summary = await store.importFile(dataFile);
    const roles = { time: pickColumn(summary, '--time', values.time, 'time'), label: pickColumn(summary, '--label', values.label, 'label') };
    const data = await prepareScoringData(store, saved, { datasetId: summary.id, roles, missing });
    const backend = await compute.start();
    stderr(`tfjs backend: ${backend.name} (${backend.detail})`);
    stderr(`scoring ${data.prepared.n} rows x ${data.roles.signals.length} signals with ${saved.model.config.preset}, no training`);
    let reported = 0;
    const record = await scoreRun(compute, data, { runId: 'cli', jobId: 'cli' }, ({ progress }) => {
      // one line a second at most: a long file scores for minutes
      if (!progress || progress.elapsedMs - reported < 1000) return;
      reported = progress.elapsedMs;
      stderr(`scored ${progress.batch}/${progress.batches} rows`);
    });

    const { times, rowIds } = data.prepared;
    await writeRunFiles(outDir, record, {
      timeOf: times ? (row: number) => formatTime(times[row]!, data.timeKind) : null,
      rowIds,
      metrics: metricsJson(record, null),
      report: {
        datasetPath: dataFile,
        splitNote: `scored with the saved model ${values.model} without training; the threshold is the one it was saved with`,
      },
      stderr,
    });
    if (chromium) await printPdfWithChromium(path.join(outDir, 'report.html'), path.join(outDir, 'report.pdf'), chromium);
    const { threshold } = record.result;
    const metrics = threshold.metrics;
    stderr(
      `done: ${threshold.events.length} alarm events at threshold ${threshold.value}` +
        (metrics ? `, ROC-AUC ${metrics.rocAuc?.toFixed(3)}, PR-AUC ${metrics.prAuc?.toFixed(3)}, F1 ${metrics.f1.toFixed(3)}` : ''),
    );
    return outDir;
  } finally {
    compute.stop();
    await store.close();
  }
}
