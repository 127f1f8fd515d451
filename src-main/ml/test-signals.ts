import { mulberry32 } from '../../shared/random';
import type { Matrix } from './matrix';

/*
 * Synthetic signals the detector tests share, each with a known structure a model should learn.
 */

/** Two signals: sines of periods 16 and 24 rows plus uniform noise of width `noise`. */
export function noisySines(n: number, noise: number, seed = 1): Matrix {
  const random = mulberry32(seed);
  const data = new Float32Array(n * 2);
  for (let r = 0; r < n; r++) {
    data[2 * r] = Math.sin((2 * Math.PI * r) / 16) + noise * (random() - 0.5);
    data[2 * r + 1] = Math.cos((2 * Math.PI * r) / 24) + noise * (random() - 0.5);
  }
  return { data, n, d: 2 };
}

/** n rows of `signals` columns that are linear mixes of `rank` latent factors plus a little uniform noise. */
export function lowRank(n: number, signals: number, rank: number, noise: number): Matrix {
  const uniform = mulberry32(3);
  const random = () => uniform() - 0.5;
  const mixing = Array.from({ length: rank * signals }, () => random() * 2);
  const data = new Float32Array(n * signals);
  for (let r = 0; r < n; r++) {
    const latent = Array.from({ length: rank }, () => random() * 2);
    for (let s = 0; s < signals; s++) {
      let value = noise * random();
      for (let k = 0; k < rank; k++) value += latent[k]! * mixing[k * signals + s]!;
      data[r * signals + s] = value;
    }
  }
  return { data, n, d: signals };
}
