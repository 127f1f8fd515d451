import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../report/pdf';

const datasets = path.resolve('../shared/datasets');
const trainFile = path.join(datasets, 'smd-machine-1-7-train.csv');
const testFile = path.join(datasets, 'smd-machine-1-7-test.csv');
const cli = path.resolve('dist/main/cli.cjs');
let out: string;

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 600_000 });
}

const rowsOf = async (file: string) => (await readFile(file, 'utf8')).trimEnd().split('\n').map((line) => line.split(','));
const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'));

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'lens-score-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('anomaly-lens score', () => {
  it.each([
    ['pca', ['--preset', 'pca']],
    ['dense, 2 epochs', ['--preset', 'dense-relu', '--epochs', '2']],
  ])('%s: a saved model scores the test file in a fresh process as the training run did', async (name, presetArgs) => {
    const trained = path.join(out, `${name}-analyze`);
    const modelDir = path.join(out, `${name}-model`);
    const scored = path.join(out, `${name}-score`);
    const analyze = run(['analyze', '--train', trainFile, '--test', testFile, '--label', 'label', ...presetArgs, '--out', trained, '--save-model', modelDir]);
    expect(analyze.status, analyze.stderr).toBe(0);
    // the PDF once, where Chromium is installed (CI installs it)
    const pdf = name === 'pca' && findChromium() ? ['--pdf'] : [];
    const score = run(['score', '--model', modelDir, '--data', testFile, '--label', 'label', '--out', scored, ...pdf]);
    expect(score.status, score.stderr).toBe(0);
    expect(score.stdout.trim()).toBe(scored);
    expect(score.stderr).not.toMatch(/epoch/);

    const [expected, got] = [await rowsOf(path.join(trained, 'scores.csv')), await rowsOf(path.join(scored, 'scores.csv'))];
    expect(got[0]).toEqual(expected[0]);
    expect(got).toHaveLength(expected.length);
    for (let row = 1; row < expected.length; row++) {
      const [want, have] = [expected[row]!, got[row]!];
      // row, time and label as text; the score within 1e-6; the alarm as it was
      expect(have[0]).toBe(want[0]);
      expect(Math.abs(Number(have[2]) - Number(want[2]))).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(Number(want[2]))));
      expect(have.slice(3)).toEqual(want.slice(3));
    }
    const [trainedMetrics, scoredMetrics] = [await readJson(path.join(trained, 'metrics.json')), await readJson(path.join(scored, 'metrics.json'))];
    const training = ['epochs', 'epochs_requested', 'best_epoch', 'train_seconds'];
    const withoutTraining = (metrics: Record<string, unknown>) => Object.fromEntries(Object.entries(metrics).filter(([key]) => !training.includes(key)));
    expect(withoutTraining(scoredMetrics)).toEqual(withoutTraining(trainedMetrics));
    expect(scoredMetrics.train_seconds).toBe(0);
    expect(scoredMetrics.tp + scoredMetrics.fn).toBe(2_398);
    expect(await readFile(path.join(scored, 'report.html'), 'utf8')).toMatch(/<html/i);
    if (pdf.length > 0) expect((await readFile(path.join(scored, 'report.pdf'))).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('refuses a missing model folder and a file without the model\'s signals with one line and exit code 2', async () => {
    const missing = run(['score', '--model', path.join(out, 'nope'), '--data', testFile, '--out', path.join(out, 'x')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`anomaly-lens: --model: no such folder: ${path.join(out, 'nope')}\n`);

    const notAModel = run(['score', '--model', out, '--data', testFile, '--out', path.join(out, 'x')]);
    expect(notAModel.status).toBe(2);
    expect(notAModel.stderr).toBe(`anomaly-lens: --model: ${path.join(out, 'model.json')} is missing: not an Anomaly Lens model folder\n`);

    const nab = path.join(datasets, 'nab-machine-temperature.csv');
    const wrongSignals = run(['score', '--model', path.join(out, 'pca-model'), '--data', nab, '--out', path.join(out, 'x')]);
    expect(wrongSignals.status).toBe(2);
    const lines = wrongSignals.stderr.trimEnd().split('\n').filter((line) => line.startsWith('anomaly-lens:'));
    expect(lines).toEqual([`anomaly-lens: ${nab} lacks the model's signal columns: ${Array.from({ length: 38 }, (_, i) => `f${String(i).padStart(2, '0')}`).join(', ')}`]);
  });
});
