import type { Tf } from './backend';

type KernelFunc = import('@tensorflow/tfjs').KernelFunc;
type TensorInfo = import('@tensorflow/tfjs').TensorInfo;

interface WasmBackendLike {
  disposeData(dataId: object): void;
  makeOutput(shape: number[], dtype: string): TensorInfo;
  /** a view (not a copy) of a tensor's values in the wasm heap; invalid once the heap grows */
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** Everything the wasm backend needs before our models train on it; idempotent. */
export function prepareWasmBackend(tf: Tf): void {
  useFastWasmMatMul(tf);
  useViewSlices(tf);
  addWasmConvFilterGradient(tf);
}

/**
 * The wasm backend multiplies fast (XNNPACK) only when neither operand is transposed; with a
 * transpose flag it takes a slow path. Backpropagation asks for exactly those products (x^T dy and
 * dy W^T), which made 80% of a dense autoencoder's step (measured in the closing note of issue 4).
 * Transposing the operand explicitly first (a cheap copy) and multiplying plainly gives the same
 * numbers in a fraction of the time. Idempotent; does nothing on other backends.
 */
function useFastWasmMatMul(tf: Tf): void {
  const current = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!current || !transpose || (current.kernelFunc as { fastTranspose?: boolean }).fastTranspose) return;
  const plain = current.kernelFunc;
  const kernelFunc = (({ inputs, backend, attrs }) => {
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return plain({ inputs, backend, attrs });
    const temporaries: TensorInfo[] = [];
    const swapLastAxes = (x: TensorInfo): TensorInfo => {
      const rank = x.shape.length;
      const perm = [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];
      const out = transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm } }) as TensorInfo;
      temporaries.push(out);
      return out;
    };
    const a = transposeA ? swapLastAxes(inputs.a as TensorInfo) : (inputs.a as TensorInfo);
    const b = transposeB ? swapLastAxes(inputs.b as TensorInfo) : (inputs.b as TensorInfo);
    try {
      return plain({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    } finally {
      for (const info of temporaries) (backend as unknown as WasmBackendLike).disposeData(info.dataId);
    }
  }) as KernelFunc & { fastTranspose?: boolean };
  kernelFunc.fastTranspose = true;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ kernelName: 'BatchMatMul', backendName: 'wasm', kernelFunc });
}

/**
 * The wasm backend (tfjs 4.22) has no Conv2DBackpropFilter kernel, so no conv layer can be trained
 * on it ("Kernel 'Conv2DBackpropFilter' not registered"). This fills the gap for the wasm backend
 * only (channels-last, any stride and padding); the native and cpu backends keep their own kernels.
 *
 * dW[kh, kw, ci, co] = sum over batch and output positions of x[b, oh*sh + kh - top, ow*sw + kw - left, ci] * dy[b, oh, ow, co]:
 * with x's channels as the batch and its batch as the channels, that is one forward conv of x with
 * dy as the filter (dilated by the stride), which wasm runs natively; a plain JS loop took 25 ms for
 * one 38->32 channel layer of a 32 x 60 batch, about 90% of a Conv1D epoch.
 */
export function addWasmConvFilterGradient(tf: Tf): void {
  if (!tf.findBackendFactory('wasm') || tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  const kernelFunc = (({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as {
      strides: [number, number] | number;
      pad: 'same' | 'valid' | number;
      dataFormat: 'NHWC' | 'NCHW';
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
      filterShape: [number, number, number, number];
    };
    if (dataFormat !== 'NHWC') throw new Error('the wasm conv filter gradient supports channels-last data only');
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode);
    const run = (kernelName: string, kernelInputs: Record<string, TensorInfo>, kernelAttrs: Record<string, unknown>) =>
      tf.getKernel(kernelName, 'wasm')!.kernelFunc({ inputs: kernelInputs, backend, attrs: kernelAttrs as never }) as TensorInfo;
    const wasm = backend as unknown as WasmBackendLike;
    // input rows the taps and output positions reach, past the original top/left padding
    const bottom = Math.max(0, info.filterHeight + (info.outHeight - 1) * info.strideHeight - info.inHeight - info.padInfo.top);
    const right = Math.max(0, info.filterWidth + (info.outWidth - 1) * info.strideWidth - info.inWidth - info.padInfo.left);
    const channelsAsBatch = run('Transpose', { x }, { perm: [3, 1, 2, 0] }); // [ci, H, W, batch]
    const dyAsFilter = run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }); // [outH, outW, batch, co]
    const sums = run(
      'Conv2D',
      { x: channelsAsBatch, filter: dyAsFilter },
      {
        strides: [1, 1],
        pad: [
          [0, 0],
          [info.padInfo.top, bottom],
          [info.padInfo.left, right],
          [0, 0],
        ],
        dataFormat: 'NHWC',
        dilations: [info.strideHeight, info.strideWidth],
      },
    ); // [ci, >= kh, >= kw, co]: rows past the filter come from input rows no output used
    const taps = run('Slice', { x: sums }, { begin: [0, 0, 0, 0], size: [info.inChannels, info.filterHeight, info.filterWidth, info.outChannels] });
    const out = run('Transpose', { x: taps }, { perm: [1, 2, 0, 3] }); // [kh, kw, ci, co]
    for (const temporary of [channelsAsBatch, dyAsFilter, sums, taps]) wasm.disposeData(temporary.dataId);
    return out;
  }) as KernelFunc;
  tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc });
}

/**
 * The wasm Slice kernel (tfjs 4.22) copies its whole input out of the wasm heap before taking the
 * slice, and Unpack (and the gradient of Tile) slice once per time step: an LSTM step over 60 rows
 * copied tens of MB, a third of its time. Here a slice copies only its own values, from a view of
 * the heap.
 */
function useViewSlices(tf: Tf): void {
  const slice = tf.getKernel('Slice', 'wasm');
  const unpack = tf.getKernel('Unpack', 'wasm');
  if (!slice || !unpack || (slice.kernelFunc as { viewSlices?: boolean }).viewSlices) return;
  const originalSlice = slice.kernelFunc;
  const originalUnpack = unpack.kernelFunc;
  const contiguousSlice = (x: TensorInfo, begin: number[], size: number[], backend: WasmBackendLike): TensorInfo | null => {
    if (x.dtype !== 'float32' && x.dtype !== 'int32') return null;
    const count = size.reduce((product, length) => product * length, 1);
    const out = backend.makeOutput(size, x.dtype);
    // views are taken after makeOutput: growing the heap would detach an earlier one
    const target = backend.typedArrayFromHeap(out);
    const source = backend.typedArrayFromHeap(x);
    const strides = tf.util.computeStrides(x.shape);
    if (tf.slice_util.isSliceContinous(x.shape, begin, size)) {
      const offset = tf.slice_util.computeFlatOffset(begin, strides);
      target.set(source.subarray(offset, offset + count));
      return out;
    }
    // strided: copy runs along the last axis, stepping an odometer over the other axes
    const rank = x.shape.length;
    const run = size[rank - 1]!;
    const position = new Array<number>(Math.max(0, rank - 1)).fill(0);
    for (let written = 0; written < count; written += run) {
      let offset = begin[rank - 1]!;
      for (let axis = 0; axis < rank - 1; axis++) offset += (begin[axis]! + position[axis]!) * strides[axis]!;
      target.set(source.subarray(offset, offset + run), written);
      for (let axis = rank - 2; axis >= 0; axis--) {
        if (++position[axis]! < size[axis]!) break;
        position[axis] = 0;
      }
    }
    return out;
  };
  const sliceFunc = (({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const { begin, size } = attrs as { begin: number | number[]; size: number | number[] };
    const [begin_, size_] = tf.slice_util.parseSliceParams(x as never, begin, size);
    return contiguousSlice(x, begin_, size_, backend as unknown as WasmBackendLike) ?? originalSlice({ inputs, backend, attrs });
  }) as KernelFunc & { viewSlices?: boolean };
  sliceFunc.viewSlices = true;
  const transpose = tf.getKernel('Transpose', 'wasm')!.kernelFunc;
  const unpackFunc = (({ inputs, backend, attrs }) => {
    const value = inputs.value as TensorInfo;
    const wasm = backend as unknown as WasmBackendLike;
    const rank = value.shape.length;
    const axis = ((attrs as { axis: number }).axis + rank) % rank;
    if (value.dtype !== 'float32' && value.dtype !== 'int32') return originalUnpack({ inputs, backend, attrs });
    // unstacking along a later axis (the gradient of a stack over time): move that axis first, once
    const perm = [axis, ...value.shape.map((_, i) => i).filter((i) => i !== axis)];
    const leading = axis === 0 ? value : (transpose({ inputs: { x: value }, backend, attrs: { perm } }) as TensorInfo);
    try {
      const outShape = leading.shape.slice(1);
      const size = [1, ...outShape];
      return Array.from({ length: leading.shape[0]! }, (_, index) => {
        const out = contiguousSlice(leading, [index, ...outShape.map(() => 0)], size, wasm)!;
        return { ...out, shape: outShape };
      });
    } finally {
      if (leading !== value) wasm.disposeData(leading.dataId);
    }
  }) as KernelFunc;
  for (const [kernelName, kernelFunc] of [
    ['Slice', sliceFunc],
    ['Unpack', unpackFunc],
  ] as const) {
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  }
}
