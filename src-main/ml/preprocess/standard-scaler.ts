import type { Matrix } from '../matrix';

export interface ScalerState {
  kind: 'standard' | 'none';
  mean: number[];
  scale: number[];
}

/** A signal whose training std is below this is treated as constant: centred, not divided. */
const constantStd = 1e-8;

/** Per-signal mean and std of the training rows; saved with the model so scoring reuses them. */
export function fitScaler(kind: ScalerState['kind'], train: Matrix): ScalerState {
  const mean = new Array<number>(train.d).fill(0);
  const scale = new Array<number>(train.d).fill(1);
  if (kind === 'none' || train.n === 0) return { kind, mean, scale };
  const sums = new Float64Array(train.d);
  const squares = new Float64Array(train.d);
  for (let r = 0; r < train.n; r++) {
    for (let c = 0, i = r * train.d; c < train.d; c++, i++) {
      const v = train.data[i]!;
      sums[c] += v;
      squares[c] += v * v;
    }
  }
  for (let c = 0; c < train.d; c++) {
    mean[c] = sums[c]! / train.n;
    const variance = Math.max(0, squares[c]! / train.n - mean[c]! * mean[c]!);
    const std = Math.sqrt(variance);
    scale[c] = std < constantStd ? 1 : std;
  }
  return { kind, mean, scale };
}

export function applyScaler(state: ScalerState, input: Matrix): Matrix {
  if (state.kind === 'none') return input;
  const out = new Float32Array(input.data.length);
  for (let r = 0; r < input.n; r++) {
    for (let c = 0, i = r * input.d; c < input.d; c++, i++) {
      out[i] = (input.data[i]! - state.mean[c]!) / state.scale[c]!;
    }
  }
  return { data: out, n: input.n, d: input.d };
}
