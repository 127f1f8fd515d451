import type { Tf } from '../../backend';

type Tensor = import('@tensorflow/tfjs').Tensor;
type Tensor2D = import('@tensorflow/tfjs').Tensor2D;
type Layer = import('@tensorflow/tfjs').layers.Layer;
type Initializer = ReturnType<Tf['initializers']['glorotUniform']>;
type LayerVariable = ReturnType<Layer['addWeight']>;

export interface FastRecurrentSettings {
  units: number;
  returnSequences: boolean;
  inputShape?: number[];
  kernelInitializer: Initializer;
}

/**
 * One cell's work over a sequence: `inputs` are the per-step input projections (x W + b, [batch,
 * gates x units] each), `recurrent` the recurrent kernel; returns the hidden state after every step.
 */
type CellSteps = (tf: Tf, inputs: Tensor2D[], recurrent: Tensor2D, units: number) => Tensor2D[];

/**
 * Recurrent layers written for few kernel launches, which is what a time step costs on the wasm
 * backend: the input projection of all time steps is one matrix product, and each step is one
 * product, a split and a few element-wise ops. tfjs' own layers launch about twice as many kernels
 * (17,000 against 8,000 for an LSTM-64 training step over 60 rows, issue 4's closing note).
 * Weights as tfjs' layers: kernel [inputs, g x u], recurrent_kernel [u, g x u], bias [g x u].
 */
function fastRecurrent(tf: Tf, settings: FastRecurrentSettings, className: string, gates: number, steps: CellSteps): Layer {
  const { units } = settings;
  const lastAxis = (shape: number[] | number[][]) => (Array.isArray(shape[0]) ? shape[0] : shape) as number[];
  class FastRecurrent extends tf.layers.Layer {
    static readonly className = className;
    private kernel!: LayerVariable;
    private recurrentKernel!: LayerVariable;
    private bias!: LayerVariable;

    constructor() {
      super({ inputShape: settings.inputShape });
    }

    override build(inputShape: number[] | number[][]): void {
      const shape = lastAxis(inputShape);
      this.kernel = this.addWeight('kernel', [shape[shape.length - 1]!, gates * units], 'float32', settings.kernelInitializer);
      this.recurrentKernel = this.addWeight('recurrent_kernel', [units, gates * units], 'float32', tf.initializers.zeros());
      this.bias = this.addWeight('bias', [gates * units], 'float32', tf.initializers.zeros());
      this.built = true;
    }

    override computeOutputShape(inputShape: number[] | number[][]): number[] {
      const shape = lastAxis(inputShape);
      return settings.returnSequences ? [shape[0]!, shape[1]!, units] : [shape[0]!, units];
    }

    override call(inputs: Tensor | Tensor[]): Tensor {
      return tf.tidy(() => {
        const x = Array.isArray(inputs) ? inputs[0]! : inputs;
        const [batch, length, features] = x.shape as [number, number, number];
        const projected = tf
          .matMul(x.reshape([batch * length, features]), this.kernel.read())
          .add(this.bias.read())
          .reshape([batch, length, gates * units]);
        const hidden = steps(tf, tf.unstack(projected, 1) as Tensor2D[], this.recurrentKernel.read() as Tensor2D, units);
        return settings.returnSequences ? tf.stack(hidden, 1) : hidden[hidden.length - 1]!;
      });
    }

    override getConfig() {
      return { ...super.getConfig(), units, returnSequences: settings.returnSequences };
    }
  }
  return new FastRecurrent();
}

/** LSTM, gates i, f, c, o: sigmoid gates and tanh cell, as Keras and PyTorch (tfjs defaults to hard sigmoid). */
const lstmSteps: CellSteps = (tf, inputs, recurrent, units) => {
  const batch = inputs[0]!.shape[0];
  let h = tf.zeros([batch, units]) as Tensor2D;
  let c = tf.zeros([batch, units]) as Tensor2D;
  return inputs.map((input) => {
    const [zi, zf, zc, zo] = tf.split(input.add(tf.matMul(h, recurrent)), 4, 1);
    c = tf.sigmoid(zf!).mul(c).add(tf.sigmoid(zi!).mul(tf.tanh(zc!))) as Tensor2D;
    h = tf.sigmoid(zo!).mul(tf.tanh(c)) as Tensor2D;
    return h;
  });
};

/** GRU as tfjs' (no reset_after), gates z, r, h: the reset gate scales h before its product. */
const gruSteps: CellSteps = (tf, inputs, recurrent, units) => {
  const [gateKernel, candidateKernel] = tf.split(recurrent, [2 * units, units], 1) as [Tensor2D, Tensor2D];
  let h = tf.zeros([inputs[0]!.shape[0], units]) as Tensor2D;
  return inputs.map((input) => {
    const [xz, xr, xh] = tf.split(input, 3, 1) as Tensor2D[];
    const [hz, hr] = tf.split(tf.matMul(h, gateKernel), 2, 1) as Tensor2D[];
    const z = tf.sigmoid(xz!.add(hz!));
    const r = tf.sigmoid(xr!.add(hr!));
    const candidate = tf.tanh(xh!.add(tf.matMul(r.mul(h) as Tensor2D, candidateKernel)));
    // h = z * h + (1 - z) * candidate, written with one fewer launch
    h = candidate.add(z.mul(h.sub(candidate))) as Tensor2D;
    return h;
  });
};

export function fastLstm(tf: Tf, settings: FastRecurrentSettings): Layer {
  return fastRecurrent(tf, settings, 'FastLstm', 4, lstmSteps);
}

export function fastGru(tf: Tf, settings: FastRecurrentSettings): Layer {
  return fastRecurrent(tf, settings, 'FastGru', 3, gruSteps);
}
