import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPresetName } from '../../shared/domain/presets';

const datasets = path.resolve('../shared/datasets');
const cli = path.resolve('dist/main/cli.cjs');
let out: string;

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 600_000 });
}

function parseCsv(text: string): string[][] {
  return text.trimEnd().split('\n').map((line) => line.split(','));
}

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'lens-cli-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('anomaly-lens analyze', () => {
  it('trains on the SMD train split, scores the test split and writes every output file', async () => {
    const result = run([
      'analyze',
      '--train', path.join(datasets, 'smd-machine-1-7-train.csv'),
      '--test', path.join(datasets, 'smd-machine-1-7-test.csv'),
      '--label', 'label',
      '--interpretation', path.join(datasets, 'smd-machine-1-7-interpretation.json'),
      '--out', out,
    ]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/tfjs backend: \w+/);
    expect(result.stderr).toMatch(/epoch 1\/30 loss/);

    const metrics = JSON.parse(await readFile(path.join(out, 'metrics.json'), 'utf8'));
    for (const key of ['backend', 'preset', 'epochs', 'train_seconds', 'threshold', 'rule', 'n_rows', 'n_signals', 'tp', 'fp', 'tn', 'fn', 'precision', 'recall', 'f1', 'roc_auc', 'pr_auc']) {
      expect(metrics, key).toHaveProperty(key);
    }
    expect(metrics.preset).toBe(defaultPresetName);
    expect(metrics.n_rows).toBe(23_697);
    expect(metrics.n_signals).toBe(38);
    expect(metrics.tp + metrics.fp + metrics.tn + metrics.fn).toBe(23_697);
    expect(metrics.tp + metrics.fn).toBe(2_398);
    expect(metrics.roc_auc).toBeGreaterThanOrEqual(0.8);
    // event-wise metrics over SMD's labelled segments, and HitRate over the 2398 rows the interpretation covers
    expect(metrics.true_events).toBeGreaterThan(5);
    expect(metrics.detected_events).toBeLessThanOrEqual(metrics.true_events);
    expect(metrics.point_adjusted_f1).toBeGreaterThanOrEqual(metrics.f1);
    // no threshold beats the best one, the rule's included
    expect(metrics.best_f1).toBeGreaterThanOrEqual(metrics.f1);
    expect(metrics.hitrate_rows).toBe(2_398);
    expect(metrics.hitrate_150).toBeGreaterThanOrEqual(metrics.hitrate_100);
    expect(metrics.hitrate_100).toBeGreaterThan(0.1);

    const scores = parseCsv(await readFile(path.join(out, 'scores.csv'), 'utf8'));
    expect(scores[0]).toEqual(['row', 'time', 'score', 'alarm', 'label']);
    expect(scores).toHaveLength(23_698);
    const alarms = scores.slice(1).filter((row) => row[3] === '1');
    expect(alarms.length).toBe(metrics.tp + metrics.fp);
    expect(alarms.every((row) => Number(row[2]) > metrics.threshold)).toBe(true);

    const errors = parseCsv(await readFile(path.join(out, 'feature_errors.csv'), 'utf8'));
    expect(errors[0]).toEqual(['row', ...Array.from({ length: 38 }, (_, i) => `f${String(i).padStart(2, '0')}`)]);
    expect(errors).toHaveLength(23_698);
    // the row score: each signal's squared error over its typical training error (floored at the
    // median signal's), averaged over the signals, then over the 60 rows centred on the row
    expect(metrics.scoring).toEqual({ normalise: 'typical-error', smoothingRows: 60, smoothingAlign: 'centred' });
    const typical = errors[0]!.slice(1).map((name) => metrics.typical_error[name] as number);
    const median = [...typical].sort((a, b) => a - b).slice(18, 20).reduce((a, b) => a + b) / 2;
    const rowScore = (row: number) => errors[row + 1]!.slice(1).reduce((total, e, j) => total + Number(e) / Math.max(typical[j]!, median), 0) / 38;
    for (const row of [1000, 20_000]) {
      let total = 0;
      for (let r = row - 29; r <= row + 30; r++) total += rowScore(r);
      expect(total / 60).toBeCloseTo(Number(scores[row + 1]![2]), 5);
    }

    const report = await readFile(path.join(out, 'report.html'), 'utf8');
    expect(report.match(/<svg/g)?.length).toBeGreaterThanOrEqual(4);
    expect(report).toContain(metrics.backend);
    // the rule and the nested settings in words, never as [object Object]
    expect(metrics.rule_description).toBe("percentile 99 of the training rows' scores");
    expect(report).toContain(metrics.rule_description.replace("'", '&#39;'));
    expect(report).toContain('normalise typical-error, smoothingRows 60, smoothingAlign centred');
    // (ECharts' own SVG hover CSS may print a gradient as [object Object]; the tables must not)
    expect(report).not.toMatch(/<td>\[object Object\]/);
  });

  it('gives a one-line error and exit code 2 for bad arguments and files', () => {
    const cases = [
      ['analyze'],
      ['analyze', '--train', '/no/such/file.csv'],
      ['analyze', '--train', path.join(datasets, 'smd-machine-1-7-train.csv'), '--preset', 'nope'],
      ['analyze', '--train', path.join(datasets, 'smd-machine-1-7-train.csv'), '--epochs', 'ten'],
      ['analyze', '--train', path.join(datasets, 'smd-machine-1-7-train.csv'), '--label', 'missing'],
      ['analyze', '--train', datasets],
      ['analyze', '--bogus'],
      ['frobnicate'],
    ];
    for (const args of cases) {
      const result = run(args);
      expect(result.status, args.join(' ')).toBe(2);
      // progress lines may come first; the error itself is one line
      const errors = result.stderr.trim().split('\n').filter((line) => line.startsWith('anomaly-lens'));
      expect(errors, args.join(' ')).toHaveLength(1);
      expect(result.stderr.trim().split('\n').at(-1)).toBe(errors[0]);
    }
  });
});
