import type { Tf } from '../../backend';

type Tensor = import('@tensorflow/tfjs').Tensor;
type Tensor2D = import('@tensorflow/tfjs').Tensor2D;
type Layer = import('@tensorflow/tfjs').layers.Layer;
type Initializer = ReturnType<Tf['initializers']['glorotUniform']>;
type LayerVariable = ReturnType<Layer['addWeight']>;

export interface FastLstmSettings {
  units: number;
  returnSequences: boolean;
  inputShape?: number[];
  kernelInitializer: Initializer;
}

/**
 * Recurrent layers written for few kernel launches, which is what a time step costs on the wasm
 * backend (see fastLstm); same weights and numbers as tfjs' LSTM and GRU with sigmoid gates.
 */

/**
 * An LSTM layer (gates i, f, c, o; sigmoid gates, tanh cell, as Keras and PyTorch) written for few
 * kernel launches, which is what an LSTM step costs on the wasm backend: the input projection of all
 * time steps is one matrix product, and each step is one product, one split and nine element-wise
 * ops. tfjs' own layer launches about three times as many kernels per step (measured in the issue 4
 * closing note). Weights: kernel [inputs, 4u], recurrent_kernel [u, 4u], bias [4u], as tfjs' LSTM.
 */
export function fastLstm(tf: Tf, settings: FastLstmSettings): Layer {
  const { units } = settings;
  class FastLstm extends tf.layers.Layer {
    static readonly className = 'FastLstm';
    private kernel!: LayerVariable;
    private recurrentKernel!: LayerVariable;
    private bias!: LayerVariable;

    constructor() {
      super({ inputShape: settings.inputShape });
    }

    override build(inputShape: number[] | number[][]): void {
      const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as number[];
      const inputs = shape[shape.length - 1]!;
      this.kernel = this.addWeight('kernel', [inputs, 4 * units], 'float32', settings.kernelInitializer);
      this.recurrentKernel = this.addWeight('recurrent_kernel', [units, 4 * units], 'float32', tf.initializers.zeros());
      this.bias = this.addWeight('bias', [4 * units], 'float32', tf.initializers.zeros());
      this.built = true;
    }

    override computeOutputShape(inputShape: number[] | number[][]): number[] {
      const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as number[];
      return settings.returnSequences ? [shape[0]!, shape[1]!, units] : [shape[0]!, units];
    }

    override call(inputs: Tensor | Tensor[]): Tensor {
      return tf.tidy(() => {
        const x = Array.isArray(inputs) ? inputs[0]! : inputs;
        const [batch, steps, features] = x.shape as [number, number, number];
        const projected = tf
          .matMul(x.reshape([batch * steps, features]), this.kernel.read())
          .add(this.bias.read())
          .reshape([batch, steps, 4 * units]);
        const perStep = tf.unstack(projected, 1) as Tensor2D[];
        const recurrent = this.recurrentKernel.read() as Tensor2D;
        let h = tf.zeros([batch, units]) as Tensor2D;
        let c = tf.zeros([batch, units]) as Tensor2D;
        const outputs: Tensor2D[] = [];
        for (const input of perStep) {
          const z = input.add(tf.matMul(h, recurrent));
          const [zi, zf, zc, zo] = tf.split(z, 4, 1);
          c = tf.sigmoid(zf!).mul(c).add(tf.sigmoid(zi!).mul(tf.tanh(zc!))) as Tensor2D;
          h = tf.sigmoid(zo!).mul(tf.tanh(c)) as Tensor2D;
          if (settings.returnSequences) outputs.push(h);
        }
        return settings.returnSequences ? tf.stack(outputs, 1) : h;
      });
    }

    override getConfig() {
      return { ...super.getConfig(), units, returnSequences: settings.returnSequences };
    }
  }
  return new FastLstm();
}

/**
 * The GRU counterpart (tfjs' GRU without reset_after, sigmoid gates): gates z, r, h in that order;
 * kernel [inputs, 3u], recurrent_kernel [u, 3u], bias [3u], as tfjs' GRU.
 */
export function fastGru(tf: Tf, settings: FastLstmSettings): Layer {
  const { units } = settings;
  class FastGru extends tf.layers.Layer {
    static readonly className = 'FastGru';
    private kernel!: LayerVariable;
    private recurrentKernel!: LayerVariable;
    private bias!: LayerVariable;

    constructor() {
      super({ inputShape: settings.inputShape });
    }

    override build(inputShape: number[] | number[][]): void {
      const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as number[];
      this.kernel = this.addWeight('kernel', [shape[shape.length - 1]!, 3 * units], 'float32', settings.kernelInitializer);
      this.recurrentKernel = this.addWeight('recurrent_kernel', [units, 3 * units], 'float32', tf.initializers.zeros());
      this.bias = this.addWeight('bias', [3 * units], 'float32', tf.initializers.zeros());
      this.built = true;
    }

    override computeOutputShape(inputShape: number[] | number[][]): number[] {
      const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as number[];
      return settings.returnSequences ? [shape[0]!, shape[1]!, units] : [shape[0]!, units];
    }

    override call(inputs: Tensor | Tensor[]): Tensor {
      return tf.tidy(() => {
        const x = Array.isArray(inputs) ? inputs[0]! : inputs;
        const [batch, steps, features] = x.shape as [number, number, number];
        const projected = tf
          .matMul(x.reshape([batch * steps, features]), this.kernel.read())
          .add(this.bias.read())
          .reshape([batch, steps, 3 * units]);
        const perStep = tf.unstack(projected, 1) as Tensor2D[];
        const [gateKernel, candidateKernel] = tf.split(this.recurrentKernel.read(), [2 * units, units], 1) as [Tensor2D, Tensor2D];
        let h = tf.zeros([batch, units]) as Tensor2D;
        const outputs: Tensor2D[] = [];
        for (const input of perStep) {
          const [xz, xr, xh] = tf.split(input, 3, 1) as Tensor2D[];
          const [hz, hr] = tf.split(tf.matMul(h, gateKernel), 2, 1) as Tensor2D[];
          const z = tf.sigmoid(xz!.add(hz!));
          const r = tf.sigmoid(xr!.add(hr!));
          const candidate = tf.tanh(xh!.add(tf.matMul(r.mul(h) as Tensor2D, candidateKernel)));
          // h = z * h + (1 - z) * candidate, written with one fewer launch
          h = candidate.add(z.mul(h.sub(candidate))) as Tensor2D;
          if (settings.returnSequences) outputs.push(h);
        }
        return settings.returnSequences ? tf.stack(outputs, 1) : h;
      });
    }

    override getConfig() {
      return { ...super.getConfig(), units, returnSequences: settings.returnSequences };
    }
  }
  return new FastGru();
}
