import { beforeAll, describe, expect, it } from 'vitest';
import { loadBackend, type Tf } from './backend';

let tf: Tf;
beforeAll(async () => {
  tf = (await loadBackend('wasm')).tf;
});

const shape = [3, 4, 5];
const values = Float32Array.from({ length: 60 }, (_, i) => i * 1.5 - 7);
const at = (i: number, j: number, k: number) => values[i * 20 + j * 5 + k]!;

/** Reference slice of the [3, 4, 5] test tensor, by plain loops. */
function expectedSlice(begin: number[], size: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < size[0]!; i++) for (let j = 0; j < size[1]!; j++) for (let k = 0; k < size[2]!; k++) out.push(at(begin[0]! + i, begin[1]! + j, begin[2]! + k));
  return out;
}

function naiveMatMul(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0]!.map((_, c) => row.reduce((sum, value, k) => sum + value * b[k]![c]!, 0)));
}
const transpose = (m: number[][]) => m[0]!.map((_, c) => m.map((row) => row[c]!));

describe('wasm kernels replaced for speed give the original answers', () => {
  it('slices contiguous and strided blocks', () => {
    const x = tf.tensor3d(values, shape as [number, number, number]);
    const cases: Array<[number[], number[]]> = [
      [[1, 0, 0], [1, 4, 5]], // one contiguous plane
      [[0, 2, 0], [3, 1, 5]], // a row from every plane
      [[1, 1, 2], [2, 3, 2]], // strided on every axis
      [[2, 3, 4], [1, 1, 1]],
    ];
    for (const [begin, size] of cases) {
      const sliced = tf.slice(x, begin, size);
      expect(Array.from(sliced.dataSync()), `${begin} ${size}`).toEqual(expectedSlice(begin, size));
      expect(sliced.shape).toEqual(size);
      sliced.dispose();
    }
    x.dispose();
  });

  it('unstacks along every axis', () => {
    const x = tf.tensor3d(values, shape as [number, number, number]);
    for (const axis of [0, 1, 2]) {
      const pieces = tf.unstack(x, axis);
      expect(pieces).toHaveLength(shape[axis]!);
      pieces.forEach((piece, index) => {
        const begin = [0, 0, 0].map((_, i) => (i === axis ? index : 0));
        const size = shape.map((length, i) => (i === axis ? 1 : length));
        expect(Array.from(piece.dataSync()), `axis ${axis} piece ${index}`).toEqual(expectedSlice(begin, size));
        expect(piece.shape).toEqual(shape.filter((_, i) => i !== axis));
      });
      tf.dispose(pieces);
    }
    x.dispose();
  });

  it('multiplies with every combination of transposed operands, batched too', () => {
    const a = [[1, 2, 3], [4, 5, 6]];
    const b = [[7, 8], [9, 10], [11, 12]];
    const product = naiveMatMul(a, b);
    for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const left = tf.tensor2d(transposeA ? transpose(a) : a);
      const right = tf.tensor2d(transposeB ? transpose(b) : b);
      const out = tf.matMul(left, right, transposeA, transposeB);
      expect(out.arraySync(), `${transposeA} ${transposeB}`).toEqual(product);
      tf.dispose([left, right, out]);
    }
    const batchA = tf.tensor3d([transpose(a), transpose(a).map((row) => row.map((v) => -v))]);
    const batchB = tf.tensor3d([b, b]);
    const batched = tf.matMul(batchA, batchB, true, false).arraySync();
    expect(batched).toEqual([product, product.map((row) => row.map((v) => -v))]);
    tf.dispose([batchA, batchB]);
  });

  it('frees the temporaries it makes inside the backend', () => {
    // the backend's own count, which also sees data the engine never tracked
    const liveData = () => (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
    const x = tf.tensor3d(values, shape as [number, number, number]);
    const before = liveData();
    for (let i = 0; i < 50; i++) {
      tf.tidy(() => {
        tf.unstack(x, 1);
        tf.slice(x, [1, 1, 2], [2, 3, 2]);
        tf.matMul(x, x, false, true);
      });
    }
    expect(liveData()).toBe(before);
    x.dispose();
  });
});
