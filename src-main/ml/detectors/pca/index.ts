import { rowMeans, type Matrix } from '../../matrix';
import { singlePassReport, type Detector, type DetectorState, type FitReport } from '../detector';
import { symmetricEigen } from './eigen';

export interface PcaOptions {
  /** keep the fewest components explaining at least this share of the variance (default 0.95) */
  varianceToKeep?: number;
  /** a fixed number of components instead (clamped to 1..d); overrides varianceToKeep */
  components?: number;
}

interface PcaModel {
  d: number;
  mean: Float64Array;
  /** row-major k x d: one unit principal axis per row */
  axes: Float64Array;
  k: number;
}

/**
 * PCA reconstruction-error baseline (DESIGN.md section 3): a row's error is its squared distance,
 * per signal, from its projection onto the top principal components of the training rows. PCA is a
 * strong baseline on SMD, so the autoencoders are shown next to it. Plain float64 TypeScript.
 */
export class PcaDetector implements Detector {
  private model: PcaModel | null = null;
  /** number of components kept by the last fit (0 before fit) */
  components = 0;
  /** share of the total variance (0..1) the kept components explain (0 before fit) */
  explainedVariance = 0;
  /** all eigenvalues of the training covariance, descending */
  eigenvalues: Float64Array = new Float64Array(0);

  constructor(private readonly options: PcaOptions = {}) {
    const share = options.varianceToKeep ?? 0.95;
    if (!(share > 0 && share <= 1)) throw new Error(`varianceToKeep must be in (0, 1], got ${share}`);
  }

  async fit(X: Matrix): Promise<FitReport> {
    const started = performance.now();
    const { n, d } = X;
    if (n < 2 || d < 1) throw new Error(`PCA needs at least 2 rows and 1 signal, got ${n} x ${d}`);
    const mean = new Float64Array(d);
    for (let r = 0; r < n; r++) for (let c = 0; c < d; c++) mean[c] += X.data[r * d + c]!;
    for (let c = 0; c < d; c++) mean[c] /= n;

    // upper triangle of the covariance, then mirrored
    const cov = new Float64Array(d * d);
    const row = new Float64Array(d);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < d; c++) row[c] = X.data[r * d + c]! - mean[c]!;
      for (let i = 0; i < d; i++) {
        const xi = row[i]!;
        if (xi === 0) continue;
        for (let j = i; j < d; j++) cov[i * d + j] += xi * row[j]!;
      }
    }
    for (let i = 0; i < d; i++) {
      for (let j = i; j < d; j++) cov[j * d + i] = cov[i * d + j] /= n - 1;
    }

    const { values, vectors } = symmetricEigen(cov, d);
    const variances = values.map((x) => Math.max(0, x));
    const total = variances.reduce((sum, x) => sum + x, 0);
    const k = this.pickComponents(variances, total);
    const axes = new Float64Array(k * d);
    for (let j = 0; j < k; j++) for (let c = 0; c < d; c++) axes[j * d + c] = vectors[c * d + j]!;

    this.model = { d, mean, axes, k };
    this.components = k;
    this.eigenvalues = values;
    this.explainedVariance = total > 0 ? variances.subarray(0, k).reduce((s, x) => s + x, 0) / total : 1;
    return singlePassReport(started);
  }

  async featureErrors(X: Matrix): Promise<Matrix> {
    const { d, mean, axes, k } = this.fitted();
    if (X.d !== d) throw new Error(`PCA was fitted on ${d} signals, got ${X.d}`);
    const out = new Float32Array(X.n * d);
    const centred = new Float64Array(d);
    const residual = new Float64Array(d);
    for (let r = 0; r < X.n; r++) {
      for (let c = 0; c < d; c++) residual[c] = centred[c] = X.data[r * d + c]! - mean[c]!;
      for (let j = 0; j < k; j++) {
        let score = 0;
        for (let c = 0; c < d; c++) score += axes[j * d + c]! * centred[c]!;
        for (let c = 0; c < d; c++) residual[c] -= score * axes[j * d + c]!;
      }
      for (let c = 0; c < d; c++) out[r * d + c] = residual[c]! * residual[c]!;
    }
    return { data: out, n: X.n, d };
  }

  async decisionFunction(X: Matrix): Promise<Float32Array> {
    return rowMeans(await this.featureErrors(X));
  }

  save(): DetectorState {
    const { d, mean, axes, k } = this.fitted();
    return {
      family: 'pca',
      inputSize: d,
      tensors: [],
      // float64 as JSON numbers: float32 tensors would change the scores in the 7th digit
      extra: { mean: Array.from(mean), axes: Array.from(axes), k, explainedVariance: this.explainedVariance },
    };
  }

  static restore(options: PcaOptions, state: DetectorState): PcaDetector {
    const extra = state.extra as { mean: number[]; axes: number[]; k: number; explainedVariance: number };
    const detector = new PcaDetector(options);
    detector.model = { d: state.inputSize, mean: Float64Array.from(extra.mean), axes: Float64Array.from(extra.axes), k: extra.k };
    detector.components = extra.k;
    detector.explainedVariance = extra.explainedVariance;
    return detector;
  }

  dispose(): void {
    this.model = null;
  }

  private pickComponents(variances: Float64Array, total: number): number {
    const d = variances.length;
    if (this.options.components !== undefined) return Math.min(d, Math.max(1, Math.round(this.options.components)));
    if (total <= 0) return 1;
    const share = this.options.varianceToKeep ?? 0.95;
    let kept = 0;
    for (let k = 1; k <= d; k++) {
      kept += variances[k - 1]!;
      // tiny slack so "exactly 95%" is not lost to rounding
      if (kept >= share * total * (1 - 1e-12)) return k;
    }
    return d;
  }

  private fitted(): PcaModel {
    if (!this.model) throw new Error('PCA has not been fitted yet');
    return this.model;
  }
}
