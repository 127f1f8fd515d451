import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface QualityRow {
  dataset: string;
  model: string;
  rocAuc: number | null;
  prAuc: number | null;
  bestF1: number | null;
  f1: number | null;
  eventF1: number | null;
  pointAdjustedF1: number | null;
  hitRate100: number | null;
  hitRate150: number | null;
  /** labelled events with at least one alarm at the chosen threshold, of all labelled events */
  eventsFound: string | null;
  seconds: number;
}

/** Peers measured by the author on this machine (issue 5): printed beside ours, not run here. */
export const qualityPeers: QualityRow[] = [
  { dataset: 'smd-machine-1-7', model: 'peer: PyTorch dense AE', rocAuc: 0.852, prAuc: 0.668, bestF1: 0.711, f1: null, eventF1: null, pointAdjustedF1: null, hitRate100: 0.326, hitRate150: 0.432, eventsFound: null, seconds: 0 },
  { dataset: 'smd-machine-1-7', model: 'peer: scikit-learn PCA', rocAuc: 0.851, prAuc: 0.653, bestF1: 0.709, f1: null, eventF1: null, pointAdjustedF1: null, hitRate100: 0.336, hitRate150: 0.444, eventsFound: null, seconds: 0 },
  { dataset: 'smd-machine-1-7', model: 'peer: scikit-learn IForest', rocAuc: 0.734, prAuc: 0.253, bestF1: 0.343, f1: null, eventF1: null, pointAdjustedF1: null, hitRate100: null, hitRate150: null, eventsFound: null, seconds: 0 },
  { dataset: 'nab-machine-temperature', model: 'peer: PyTorch dense AE', rocAuc: 0.77, prAuc: null, bestF1: 0.358, f1: null, eventF1: null, pointAdjustedF1: null, hitRate100: null, hitRate150: null, eventsFound: null, seconds: 0 },
  { dataset: 'nab-machine-temperature', model: 'peer: scikit-learn IForest', rocAuc: 0.904, prAuc: null, bestF1: 0.637, f1: null, eventF1: null, pointAdjustedF1: null, hitRate100: null, hitRate150: null, eventsFound: null, seconds: 0 },
];

interface QualityCase {
  dataset: string;
  preset: string;
  args: string[];
}

function cases(datasets: string): QualityCase[] {
  const smd = [
    '--train', path.join(datasets, 'smd-machine-1-7-train.csv'),
    '--test', path.join(datasets, 'smd-machine-1-7-test.csv'),
    '--label', 'label',
    '--interpretation', path.join(datasets, 'smd-machine-1-7-interpretation.json'),
  ];
  const nab = ['--train', path.join(datasets, 'nab-machine-temperature.csv'), '--label', 'label'];
  return [
    ...['dense-relu', 'pca', 'iforest', 'rdae-l1'].map((preset) => ({ dataset: 'smd-machine-1-7', preset, args: smd })),
    ...['iforest-windows-144', 'window-dense-60-20', 'iforest'].map((preset) => ({ dataset: 'nab-machine-temperature', preset, args: nab })),
  ];
}

/**
 * Detection quality of the presets a user gets, through the same `analyze` command a user runs, on
 * the development files: point-wise (ROC-AUC, PR-AUC, best F1, F1 at the default rule), event-wise,
 * point-adjusted (a flattering extra) and HitRate of the explanations where culprits are known.
 */
export async function qualityBench(datasets: string, log: (line: string) => void): Promise<QualityRow[]> {
  if (!existsSync(datasets)) throw new Error(`no datasets folder at ${datasets}: the quality bench needs ../shared/datasets`);
  const cli = path.join(__dirname, 'cli.cjs');
  const rows: QualityRow[] = [];
  for (const item of cases(datasets)) {
    const out = await mkdtemp(path.join(os.tmpdir(), 'lens-quality-'));
    try {
      log(`  ${item.dataset}: ${item.preset}…`);
      const started = performance.now();
      const run = spawnSync(process.execPath, [cli, 'analyze', ...item.args, '--preset', item.preset, '--out', out], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`analyze ${item.preset} on ${item.dataset} failed: ${run.stderr.trim().split('\n').at(-1)}`);
      const m = JSON.parse(await readFile(path.join(out, 'metrics.json'), 'utf8')) as Record<string, number | null | undefined>;
      rows.push({
        dataset: item.dataset,
        model: item.preset,
        rocAuc: m.roc_auc ?? null,
        prAuc: m.pr_auc ?? null,
        bestF1: m.best_f1 ?? null,
        f1: m.f1 ?? null,
        eventF1: m.event_f1 ?? null,
        pointAdjustedF1: m.point_adjusted_f1 ?? null,
        hitRate100: m.hitrate_100 ?? null,
        hitRate150: m.hitrate_150 ?? null,
        eventsFound: m.true_events ? `${m.detected_events}/${m.true_events}` : null,
        seconds: (performance.now() - started) / 1000,
      });
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }
  return rows;
}

export function formatQualityTable(rows: QualityRow[]): string {
  const cell = (value: number | null, digits = 3) => (value === null ? '-' : value.toFixed(digits)).padStart(8);
  const header = `${'dataset'.padEnd(24)} ${'model'.padEnd(28)} ${['ROC-AUC', 'PR-AUC', 'best F1', 'F1@rule', 'event F1', 'PA F1*', 'HR@100', 'HR@150', 'found', 'seconds'].map((h) => h.padStart(8)).join(' ')}`;
  const lines = rows.map(
    (row) =>
      `${row.dataset.padEnd(24)} ${row.model.padEnd(28)} ${[row.rocAuc, row.prAuc, row.bestF1, row.f1, row.eventF1, row.pointAdjustedF1, row.hitRate100, row.hitRate150].map((v) => cell(v)).join(' ')} ${(row.eventsFound ?? '-').padStart(8)} ${row.seconds ? cell(row.seconds, 0) : cell(null)}`,
  );
  return [
    header,
    ...lines,
    '* point-adjusted F1 flatters detectors (a found event counts all its rows); point-wise numbers are the ones to compare',
    'F1@rule: at the default threshold rule; found: labelled events with an alarm at it; HR: culprits ranked by peak error over the smoothing span',
  ].join('\n');
}
