import type { IsolationForestConfig } from '../../../../shared/domain/model-config';
import { mulberry32 } from '../../../../shared/random';
import type { Matrix } from '../../matrix';
import { attributeWindowScores, requireRows, windowCount } from '../../windows';
import { singlePassReport, type Detector, type DetectorState, type FitOptions, type FitReport } from '../detector';
import { averagePathLength, drawWithoutReplacement, growTree, pathLength, type IsolationTree } from './tree';

/** Trees grown between progress events and event-loop yields (where a cancel is read). */
const treesPerBatch = 10;

/** A tree as saved in DetectorState.extra: the same parallel arrays, as plain numbers for JSON. */
interface SavedTree {
  feature: number[];
  threshold: number[];
  child: number[];
  size: number[];
}

export interface SavedForest {
  /** rows each tree was grown on (the configured sampleSize clamped to the training rows) */
  sampleSize: number;
  trees: SavedTree[];
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Isolation Forest (Liu, Ting and Zhou 2008): anomalies are few and different, so random
 * axis-parallel splits isolate them in fewer steps. Score 2^(-E[h(x)] / c(sampleSize)) in (0, 1);
 * near 1 is abnormal, well below 0.5 normal. Written here rather than taken from npm: the packages
 * there draw from the unseeded Math.random, and neither grows its trees on a subsample.
 * With a window, a sample is `length` consecutive rows side by side, so the trees isolate unusual
 * shapes over time rather than unusual rows. No featureErrors: a tree's path does not attribute the
 * score to signals.
 */
export class IsolationForest implements Detector {
  private trees: IsolationTree[] = [];
  private sampleSize = 0;
  private inputSize = 0;

  constructor(private readonly config: IsolationForestConfig) {}

  async fit(X: Matrix, options: FitOptions = {}): Promise<FitReport> {
    const started = performance.now();
    if (X.n < 2) throw new Error(`an isolation forest needs at least 2 rows, got ${X.n}`);
    const window = this.config.window;
    if (window) requireRows(X, window);
    this.trees = [];
    this.inputSize = X.d;
    // a window is its rows' values side by side: sample i starts at row pool[i]
    const pool = window
      ? Int32Array.from({ length: windowCount(X.n, window.length, window.stride) }, (_, i) => i * window.stride)
      : Int32Array.from({ length: X.n }, (_, i) => i);
    const samples: Matrix = { data: X.data, n: pool.length, d: X.d * (window?.length ?? 1) };
    this.sampleSize = Math.min(this.config.sampleSize, pool.length);
    if (this.sampleSize < 2) throw new Error(`an isolation forest needs at least 2 windows, got ${this.sampleSize}`);
    const maxDepth = Math.ceil(Math.log2(this.sampleSize));
    const random = mulberry32(this.config.seed);
    const batches = Math.ceil(this.config.trees / treesPerBatch);
    const grown: IsolationTree[] = [];
    for (let batch = 1; batch <= batches; batch++) {
      if (options.isCancelled?.()) return singlePassReport(started, true);
      const end = Math.min(this.config.trees, batch * treesPerBatch);
      while (grown.length < end) {
        grown.push(growTree(samples, drawWithoutReplacement(pool, this.sampleSize, random), maxDepth, random, X.d));
      }
      const elapsedMs = performance.now() - started;
      options.onProgress?.({
        epoch: 1,
        epochs: 1,
        batch,
        batches,
        loss: null,
        epochLoss: null,
        valLoss: null,
        elapsedMs,
        etaMs: (elapsedMs / batch) * (batches - batch),
      });
      if (batch < batches) await yieldToEventLoop();
    }
    this.trees = grown;
    return singlePassReport(started);
  }

  async decisionFunction(X: Matrix): Promise<Float32Array> {
    if (this.trees.length === 0) throw new Error('the isolation forest has not been fitted yet');
    if (X.d !== this.inputSize) throw new Error(`the isolation forest was fitted on ${this.inputSize} signals, got ${X.d}`);
    const window = this.config.window;
    if (window) requireRows(X, window);
    const normaliser = averagePathLength(this.sampleSize);
    // windows slide by one row when scoring; a window's score goes to rows by the attribution rule
    const scores = new Float32Array(window ? windowCount(X.n, window.length, 1) : X.n);
    for (let start = 0; start < scores.length; start++) {
      let total = 0;
      for (const tree of this.trees) total += pathLength(tree, X.data, start * X.d);
      scores[start] = 2 ** (-(total / this.trees.length) / normaliser);
    }
    return window ? attributeWindowScores(X.n, window, scores) : scores;
  }

  save(): DetectorState {
    if (this.trees.length === 0) throw new Error('the isolation forest has not been fitted yet');
    const extra: SavedForest = {
      sampleSize: this.sampleSize,
      trees: this.trees.map((tree) => ({
        feature: Array.from(tree.feature),
        threshold: Array.from(tree.threshold),
        child: Array.from(tree.child),
        size: Array.from(tree.size),
      })),
    };
    return { family: 'iforest', inputSize: this.inputSize, tensors: [], extra };
  }

  static restore(config: IsolationForestConfig, state: DetectorState): IsolationForest {
    const saved = state.extra as SavedForest | null;
    if (state.family !== 'iforest' || !saved || !Array.isArray(saved.trees) || saved.trees.length === 0) {
      throw new Error('the saved model holds no isolation trees');
    }
    const detector = new IsolationForest(config);
    detector.inputSize = state.inputSize;
    detector.sampleSize = saved.sampleSize;
    detector.trees = saved.trees.map((tree) => ({
      feature: Int32Array.from(tree.feature),
      threshold: Float32Array.from(tree.threshold),
      child: Int32Array.from(tree.child),
      size: Int32Array.from(tree.size),
    }));
    return detector;
  }

  dispose(): void {
    this.trees = [];
  }
}
