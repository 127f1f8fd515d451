import { describe, it, expect } from 'vitest';
import { mulberry32 } from '../../../../shared/random';
import type { Matrix } from '../../matrix';
import { symmetricEigen } from './eigen';
import { PcaDetector } from './index';

function gaussian(seed: number): () => number {
  const uniform = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** n rows of 20 signals driven by 3 factors: signal c loads factor c % 3, plus a little of the next */
function rank3(n: number, noise: number, seed = 1): Matrix {
  const d = 20;
  const randn = gaussian(seed);
  const data = new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    const z = [randn(), randn(), randn()];
    for (let c = 0; c < d; c++) {
      data[r * d + c] = (1 + c / 20) * z[c % 3]! + 0.3 * z[(c + 1) % 3]! + noise * randn();
    }
  }
  return { data, n, d };
}

function expectEigenpairs(A: number[], d: number): void {
  const { values, vectors } = symmetricEigen(A, d);
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < d; i++) {
      let av = 0;
      for (let k = 0; k < d; k++) av += A[i * d + k]! * vectors[k * d + j]!;
      expect(Math.abs(av - values[j]! * vectors[i * d + j]!)).toBeLessThan(1e-9);
    }
    for (let l = 0; l < d; l++) {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += vectors[k * d + j]! * vectors[k * d + l]!;
      expect(dot).toBeCloseTo(j === l ? 1 : 0, 12);
    }
  }
}

describe('symmetricEigen', () => {
  it('solves a 2 x 2 matrix', () => {
    const { values, vectors } = symmetricEigen([2, 1, 1, 2], 2);
    expect(values[0]).toBeCloseTo(3, 12);
    expect(values[1]).toBeCloseTo(1, 12);
    expect(Math.abs(vectors[0]!)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(vectors[0]! * vectors[2]!).toBeGreaterThan(0); // (1, 1) / sqrt 2 up to sign
    expectEigenpairs([2, 1, 1, 2], 2);
  });

  it('solves a 3 x 3 matrix with values sorted descending', () => {
    const A = [2, -1, 0, -1, 2, -1, 0, -1, 2];
    const { values } = symmetricEigen(A, 3);
    expect(values[0]).toBeCloseTo(2 + Math.SQRT2, 12);
    expect(values[1]).toBeCloseTo(2, 12);
    expect(values[2]).toBeCloseTo(2 - Math.SQRT2, 12);
    expectEigenpairs(A, 3);
  });

  it('sorts an already diagonal matrix and solves a random 30 x 30 one', () => {
    expect(Array.from(symmetricEigen([1, 0, 0, 0, 5, 0, 0, 0, -2], 3).values)).toEqual([5, 1, -2]);
    const randn = gaussian(7);
    const d = 30;
    const A = new Array<number>(d * d).fill(0);
    for (let i = 0; i < d; i++) for (let j = i; j < d; j++) A[i * d + j] = A[j * d + i] = randn();
    expectEigenpairs(A, d);
  });
});

describe('PcaDetector', () => {
  it('keeps 3 components of exact rank-3 data and reconstructs it', async () => {
    const X = rank3(500, 0);
    const pca = new PcaDetector({ varianceToKeep: 0.999 });
    const report = await pca.fit(X);
    expect(pca.components).toBe(3);
    expect(pca.explainedVariance).toBeGreaterThan(0.999999);
    expect(report).toMatchObject({ history: { loss: [], valLoss: [] }, epochsRun: 0, bestEpoch: 0, cancelled: false });
    const errors = await pca.featureErrors(X);
    expect(Math.max(...errors.data)).toBeLessThan(1e-8);
  });

  it('keeps 3 components of noisy rank-3 data at 95%', async () => {
    const pca = new PcaDetector();
    await pca.fit(rank3(2000, 0.1));
    expect(pca.components).toBe(3);
    expect(pca.explainedVariance).toBeGreaterThanOrEqual(0.95);
    expect(pca.explainedVariance).toBeLessThan(1);
  });

  it('honours a fixed number of components, clamped to 1..d', async () => {
    const X = rank3(200, 0.1);
    for (const [asked, kept] of [[5, 5], [0, 1], [99, 20]] as const) {
      const pca = new PcaDetector({ components: asked });
      await pca.fit(X);
      expect(pca.components).toBe(kept);
    }
  });

  it('scores a row that breaks the correlation far above clean rows, blaming the broken signal', async () => {
    const pca = new PcaDetector();
    await pca.fit(rank3(2000, 0.1));
    const test = rank3(101, 0.1, 2);
    test.data[100 * 20 + 7]! += 5;
    const scores = await pca.decisionFunction(test);
    const cleanMax = Math.max(...scores.subarray(0, 100));
    expect(scores[100]!).toBeGreaterThan(10 * cleanMax);
    const errors = await pca.featureErrors(test);
    const row = Array.from(errors.data.subarray(100 * 20, 101 * 20));
    expect(row.indexOf(Math.max(...row))).toBe(7);
  });

  it('is not broken by a constant column', async () => {
    const withConstant = (X: Matrix): Matrix => {
      const data = new Float32Array(X.n * 21);
      for (let r = 0; r < X.n; r++) {
        data.set(X.data.subarray(r * 20, r * 20 + 20), r * 21);
        data[r * 21 + 20] = 3;
      }
      return { data, n: X.n, d: 21 };
    };
    const pca = new PcaDetector();
    await pca.fit(withConstant(rank3(2000, 0.1)));
    expect(pca.components).toBe(3);
    const test = withConstant(rank3(101, 0.1, 2));
    test.data[100 * 21 + 7]! += 5;
    const errors = await pca.featureErrors(test);
    expect(errors.data.every(Number.isFinite)).toBe(true);
    for (let r = 0; r < test.n; r++) expect(errors.data[r * 21 + 20]).toBeLessThan(1e-12);
    const scores = await pca.decisionFunction(test);
    expect(scores[100]!).toBeGreaterThan(10 * Math.max(...scores.subarray(0, 100)));
  });

  it('refuses to score before fit or with the wrong width', async () => {
    const pca = new PcaDetector();
    await expect(pca.featureErrors(rank3(2, 0))).rejects.toThrow(/not been fitted/);
    await pca.fit(rank3(50, 0.1));
    await expect(pca.featureErrors({ data: new Float32Array(4), n: 1, d: 4 })).rejects.toThrow(/20 signals/);
    pca.dispose();
    await expect(pca.decisionFunction(rank3(2, 0))).rejects.toThrow(/not been fitted/);
  });
});
