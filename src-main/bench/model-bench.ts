import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { windowOf, type ModelConfig } from '../../shared/domain/model-config';
import { findPreset } from '../../shared/domain/presets';
import { mulberry32 } from '../../shared/random';
import type { Tf } from '../ml/backend';
import { createDetector } from '../ml/detectors/registry';
import type { Matrix } from '../ml/matrix';

export interface ModelFigure {
  name: string;
  ours: number;
  peer: number | null;
}

interface Case {
  name: string;
  config: ModelConfig;
  rows: number;
  signals: number;
  labels?: boolean;
  /** the PyTorch peer's description of the same model and data, when there is one */
  peer?: Record<string, unknown>;
}

/** Deterministic standard-normal values (Box-Muller) so runs compare. */
function normals(count: number, seed = 7): Float32Array {
  const uniform = mulberry32(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
  return out;
}

function preset(name: string, changes: Record<string, unknown> = {}): ModelConfig {
  return { ...structuredClone(findPreset(name)!.config), ...changes, patience: 0, validationFraction: 0 } as ModelConfig;
}

/** Windows sliding by one row over `windows + length - 1` rows give exactly `windows` training windows. */
function windowed(name: string, presetName: string, length: number, signals: number, windows: number, changes: Record<string, unknown> = {}): Case {
  const config = preset(presetName, { ...changes, window: { length, stride: 1, attribution: 'last' } });
  return { name, config, rows: windows + length - 1, signals };
}

/** The fixed shapes of issue 4's bench: dense 3000 x 159, the SMD train split, windows T=144 d=1 and T=60 d=38. */
function cases(): Case[] {
  const smdTrainRows = 23_697;
  const list: Case[] = [
    {
      name: 'dense 159-64-159, 3000 rows, batch 32',
      config: preset('seed-hpc'),
      rows: 3000,
      signals: 159,
      peer: { kind: 'dense', widths: [159, 64, 159], rows: 3000, batch: 32 },
    },
    {
      name: 'dense 38-64-32-16-32-64-38, SMD train rows, batch 32',
      config: preset('dense-relu'),
      rows: smdTrainRows,
      signals: 38,
      peer: { kind: 'dense', widths: [38, 64, 32, 16, 32, 64, 38], rows: smdTrainRows, batch: 32 },
    },
  ];
  for (const [length, signals] of [
    [144, 1],
    [60, 38],
  ] as const) {
    const shape = `T=${length} d=${signals}, 1000 windows, batch 32`;
    list.push(
      { ...windowed(`LSTM-64 ${shape}`, 'lstm-64', length, signals, 1000), peer: { kind: 'lstm', steps: length, signals, units: 64, windows: 1000, batch: 32, epochs: 2 } },
      windowed(`GRU-32-16 ${shape}`, 'gru-32-16', length, signals, 1000),
      windowed(`Conv1D conv-small ${shape}`, 'conv-small', length, signals, 1000),
      windowed(`dense window 60-20 ${shape}`, 'window-dense-60-20', length, signals, 1000),
      { ...windowed(`C-LSTM ${shape}`, 'clstm', length, signals, 1000), labels: true },
    );
  }
  list.push(
    { name: 'VAE latent 8, 3000 x 38', config: preset('vae-latent-8', { annealEpochs: 0 }), rows: 3000, signals: 38 },
    { name: 'RDAE l21-rows, an inner epoch, 3000 x 38', config: preset('rdae-l21-rows'), rows: 3000, signals: 38 },
    { name: 'AE + classifier, autoencoder phase, 3000 x 38', config: preset('ae-classifier', { headEpochs: 1 }), rows: 3000, signals: 38, labels: true },
  );
  return list;
}

/** A steady-state epoch costing more than this is timed from the batches of one epoch instead of a whole second epoch. */
const wholeEpochBudgetMs = 4000;

/**
 * Steady-state ms per epoch: the first batches pay for kernel set-up and JIT warm-up, so a cheap
 * model is timed as the faster of its second and third epochs, and an expensive one on the last two
 * thirds of its first epoch (per-batch time x batches), which keeps the bench to minutes.
 */
function withEpochs(config: ModelConfig, epochs: number): ModelConfig {
  if (config.family === 'rdae') return { ...config, outerIterations: 1, innerEpochs: epochs };
  return { ...config, epochs } as ModelConfig;
}

async function oursMs(tf: Tf, item: Case): Promise<number> {
  const X: Matrix = { data: normals(item.rows * item.signals), n: item.rows, d: item.signals };
  const labels = item.labels ? Uint8Array.from({ length: item.rows }, (_, i) => (i % 10 === 0 ? 1 : 0)) : null;
  const warmRows = Math.min(item.rows, 256 + (windowOf(item.config)?.length ?? 0));
  const warm = createDetector(tf, withEpochs(item.config, 1));
  const warmReport = await warm.fit({ data: X.data.subarray(0, warmRows * X.d), n: warmRows, d: X.d }, { labels: labels?.subarray(0, warmRows) ?? null });
  warm.dispose();
  const roughEpochMs = (warmReport.trainSeconds * 1000 * item.rows) / warmRows;
  const epochs = roughEpochMs < wholeEpochBudgetMs ? 3 : 1;
  const marks: Array<{ epoch: number; batch: number; batches: number; at: number }> = [];
  const detector = createDetector(tf, withEpochs(item.config, epochs));
  await detector.fit(X, {
    labels,
    progressIntervalMs: 0,
    onProgress: (progress) => marks.push({ epoch: progress.epoch, batch: progress.batch, batches: progress.batches, at: performance.now() }),
  });
  detector.dispose();
  const epochEnd = (epoch: number) => marks.filter((mark) => mark.epoch === epoch).at(-1)!;
  if (epochs === 3) return Math.min(epochEnd(2).at - epochEnd(1).at, epochEnd(3).at - epochEnd(2).at);
  const last = epochEnd(1);
  const from = marks.find((mark) => mark.batch >= Math.ceil(last.batches / 3))!;
  return ((last.at - from.at) / (last.batch - from.batch)) * last.batches;
}

/** Debian's interpreter, not one a version manager puts first on PATH: python3-torch lives there. */
function torchPeer(shapes: Record<string, unknown>[]): { figures: Record<string, number>; label: string } | null {
  const python = '/usr/bin/python3';
  if (!existsSync(python) || shapes.length === 0) return null;
  const script = path.join(__dirname, '..', '..', 'src-main', 'bench', 'torch_peer.py');
  const run = spawnSync(python, [script, JSON.stringify(shapes)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) return null;
  const answer = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { available: boolean; version?: string; threads?: number; figures?: Record<string, number> };
  if (!answer.available) return null;
  return { figures: answer.figures!, label: `PyTorch ${answer.version} (${answer.threads} thread)` };
}

export async function modelBench(tf: Tf, log: (line: string) => void): Promise<{ figures: ModelFigure[]; peer: string | null }> {
  const list = cases();
  const peerShapes = list.filter((item) => item.peer).map((item) => ({ ...item.peer, name: item.name }));
  const peer = torchPeer(peerShapes);
  const figures: ModelFigure[] = [];
  for (const item of list) {
    log(`  training ${item.name}…`);
    const ours = await oursMs(tf, item);
    figures.push({ name: item.name, ours: Math.round(ours), peer: peer?.figures[item.name] === undefined ? null : Math.round(peer.figures[item.name]!) });
  }
  return { figures, peer: peer?.label ?? null };
}
