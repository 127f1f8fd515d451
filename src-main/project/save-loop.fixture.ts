/**
 * Test fixture, run as a child process by project-folder.spec.ts: saves a project into argv[2] again
 * and again, each save adding run g and dropping run g - 2, and prints "saved g" after each save
 * returns. The test kills it at random moments and checks that the project always opens whole.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultAlarmRules } from '../../shared/domain/results';
import { findPreset } from '../../shared/domain/presets';
import type { ProjectView } from '../../shared/ipc/projects';
import { buildRunRecord } from '../host/run-builder';
import type { RunRecord } from '../host/runs';
import { matrix } from '../ml/matrix';
import { fitPreprocessing } from '../ml/preprocess/pipeline';
import { saveProject, type ProjectSnapshot } from './project-folder';

const rows = 100_000;
const signals = Array.from({ length: 16 }, (_, i) => `s${i}`);
const datasetId = `ds_${'7'.repeat(32)}`;

/** A run whose every score and error is its generation number: a mixed-up file shows at once. */
function runOf(generation: number): RunRecord {
  const d = signals.length;
  const raw = new Float32Array(rows * d).fill(generation);
  const config = findPreset('pca')!.config;
  const filled = (length: number) => new Float32Array(length).fill(generation);
  return buildRunRecord(
    {
      runId: `run_g${generation}`,
      datasetId,
      datasetName: 'kill test',
      model: config,
      roles: { time: null, label: null, signals },
      split: { kind: 'chronological', train: 0.6, validation: 0.2, normalOnly: false },
      missing: 'forward-fill',
      backend: { name: 'cpu', detail: 'fixture', gpu: false },
      signals,
      raw,
      labels: null,
      partition: { trainEnd: 0, validationEnd: 0 },
      droppedRows: 0,
      validationRows: new Uint32Array(0),
      testRows: Uint32Array.from({ length: rows }, (_, i) => i),
      rule: { kind: 'manual', value: generation },
      alarms: defaultAlarmRules,
      fitMeans: new Float64Array(signals.length).fill(generation),
    },
    {
      report: { history: { loss: [generation], valLoss: [] }, epochsRun: 1, bestEpoch: 1, stoppedEarly: false, cancelled: false, trainSeconds: 0 },
      model: {
        config,
        preprocessing: fitPreprocessing(config, signals, matrix(Float32Array.from({ length: 2 * d }, (_, i) => i), 2, d)),
        detector: { family: 'pca', inputSize: d, tensors: [{ shape: [d, 2], data: filled(2 * d) }], extra: null },
        typicalError: Array(d).fill(generation),
      },
      fitScores: filled(1000),
      fitAnomalyShare: null,
      fitSignalMeanError: new Float64Array(d).fill(generation),
      scores: filled(rows),
      errors: filled(rows * d),
      extraScores: [],
    },
  );
}

async function main(): Promise<void> {
  const [projectDir, workDir] = process.argv.slice(2) as [string, string];
  const datasetFolder = path.join(workDir, datasetId);
  await mkdir(datasetFolder, { recursive: true });
  await writeFile(path.join(datasetFolder, 'values.f32'), new Uint8Array(new Float32Array(rows * signals.length).fill(42).buffer));
  await writeFile(path.join(datasetFolder, 'meta.json'), JSON.stringify({ summary: { id: datasetId } }));
  const view: ProjectView = {
    step: 'results', datasetId, roleOf: {}, splitForm: null, missing: 'forward-fill', presetName: null, modelForm: null,
    runId: null, selectedEvent: null, explain: null, compareChecked: [], reportSections: null,
  };
  let runs: RunRecord[] = [];
  for (let generation = 1; ; generation++) {
    runs = [...runs.slice(-1), runOf(generation)];
    const snapshot: ProjectSnapshot = {
      name: `generation ${generation}`,
      appVersion: 'fixture',
      view: { ...view, runId: `run_g${generation}` },
      datasets: [{ id: datasetId, name: 'kill test', path: datasetFolder, folder: datasetFolder }],
      runs,
      models: [],
    };
    await saveProject(projectDir, snapshot);
    process.stdout.write(`saved ${generation}\n`);
  }
}

void main();
