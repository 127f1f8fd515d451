import { mulberry32 } from '../../shared/random';
import { FlatAdam } from './adam';
import type { Tf } from './backend';
import type { FitOptions, FitProgress, FitReport } from './detectors/detector';

type Scalar = import('@tensorflow/tfjs').Scalar;
type Tensor = import('@tensorflow/tfjs').Tensor;
type Variable = import('@tensorflow/tfjs').Variable;

export interface TrainSettings {
  learningRate: number;
  batchSize: number;
  epochs: number;
  /** epochs without validation improvement before stopping; 0 turns early stopping off */
  patience: number;
  /** seeds the per-epoch shuffle, so the same data and config give the same loss curve on one backend */
  seed: number;
}

/**
 * What a family gives the engine: samples (rows or windows) split into fit and validation, the
 * variables to train, and the loss of a batch of sample indices. `loss` runs inside the engine's
 * tidy scope, so the tensors it makes are freed.
 */
export interface TrainingTask {
  fitCount: number;
  validationCount: number;
  variables: Variable[];
  loss(indices: Int32Array, split: 'fit' | 'validation', training: boolean, epoch: number): Scalar;
  /** first epoch whose validation loss may stop training (after a VAE's annealing); default 1 */
  earlyStoppingFrom?: number;
}

/** Progress is sent at most this often, plus once at every epoch end. */
const defaultProgressIntervalMs = 100;
/** How long training may hold the event loop before it yields to read a cancel message. */
const yieldIntervalMs = 50;
/** Validation and scoring run in slices this large: no gradients, so bigger than a batch is fine. */
const evaluationSlice = 2048;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function shuffle(order: Int32Array, random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const held = order[i]!;
    order[i] = order[j]!;
    order[j] = held;
  }
}

/**
 * Our training loop (not LayersModel.fit): Adam over seeded mini-batches, per-batch progress with
 * ETA, cancel honoured between batches, early stopping that restores the best epoch's weights, and no
 * per-batch read-back of the loss, which keeps the loop free of per-step synchronisation.
 */
export async function trainTask(tf: Tf, task: TrainingTask, settings: TrainSettings, options: FitOptions = {}): Promise<FitReport> {
  const started = performance.now();
  const optimizer = new FlatAdam(tf, task.variables, settings.learningRate);
  const random = mulberry32(settings.seed);
  const batches = Math.max(1, Math.ceil(task.fitCount / settings.batchSize));
  const order = Int32Array.from({ length: task.fitCount }, (_, i) => i);
  const history = { loss: [] as number[], valLoss: [] as number[] };
  let best: { loss: number; epoch: number; weights: Tensor[] | null } = { loss: Infinity, epoch: 0, weights: null };
  let epochsWithoutImprovement = 0;
  let stoppedEarly = false;
  let cancelled = false;
  let lastProgress = 0;
  let lastYield = performance.now();
  const earlyStoppingFrom = task.earlyStoppingFrom ?? 1;
  const progressIntervalMs = options.progressIntervalMs ?? defaultProgressIntervalMs;

  const report = (epoch: number, batch: number, loss: number | null, epochLoss: number | null, valLoss: number | null) => {
    const elapsedMs = performance.now() - started;
    const done = (epoch - 1) * batches + batch;
    const total = settings.epochs * batches;
    const progress: FitProgress = {
      epoch,
      epochs: settings.epochs,
      batch,
      batches,
      loss,
      epochLoss,
      valLoss,
      elapsedMs,
      etaMs: done > 0 ? (elapsedMs / done) * (total - done) : null,
    };
    lastProgress = performance.now();
    options.onProgress?.(progress);
  };

  const validationLoss = (epoch: number): number | null => {
    if (task.validationCount === 0) return null;
    let sum = 0;
    for (let start = 0; start < task.validationCount; start += evaluationSlice) {
      const count = Math.min(evaluationSlice, task.validationCount - start);
      const indices = Int32Array.from({ length: count }, (_, i) => start + i);
      const loss = tf.tidy(() => task.loss(indices, 'validation', false, epoch));
      sum += loss.dataSync()[0]! * count;
      loss.dispose();
    }
    return sum / task.validationCount;
  };

  try {
    for (let epoch = 1; epoch <= settings.epochs && !cancelled && !stoppedEarly; epoch++) {
      shuffle(order, random);
      let lossSum = tf.scalar(0);
      let samplesSeen = 0;
      for (let batch = 0; batch < batches; batch++) {
        const indices = order.subarray(batch * settings.batchSize, Math.min(task.fitCount, (batch + 1) * settings.batchSize));
        const { value: cost, grads } = tf.variableGrads(() => task.loss(indices, 'fit', true, epoch), task.variables);
        optimizer.step(task.variables.map((variable) => grads[variable.name]));
        tf.dispose(Object.values(grads));
        const next = tf.tidy(() => lossSum.add(cost.mul(indices.length)) as Scalar);
        lossSum.dispose();
        cost.dispose();
        lossSum = next;
        samplesSeen += indices.length;
        if (options.isCancelled?.()) {
          cancelled = true;
          break;
        }
        const now = performance.now();
        if (now - lastProgress >= progressIntervalMs && batch + 1 < batches) {
          report(epoch, batch + 1, lossSum.dataSync()[0]! / samplesSeen, null, null);
        }
        if (now - lastYield >= yieldIntervalMs) {
          await yieldToEventLoop();
          lastYield = performance.now();
          if (options.isCancelled?.()) {
            cancelled = true;
            break;
          }
        }
      }
      const epochLoss = lossSum.dataSync()[0]! / Math.max(1, samplesSeen);
      lossSum.dispose();
      if (cancelled) break;
      const valLoss = validationLoss(epoch);
      history.loss.push(epochLoss);
      if (valLoss !== null) history.valLoss.push(valLoss);
      report(epoch, batches, epochLoss, epochLoss, valLoss);
      const watched = valLoss ?? epochLoss;
      if (!Number.isFinite(watched)) {
        throw new Error(`the loss became ${watched} in epoch ${epoch}: lower the learning rate or check the scaling`);
      }
      if (epoch < earlyStoppingFrom || watched < best.loss) {
        best.weights?.forEach((tensor) => tensor.dispose());
        best = { loss: epoch < earlyStoppingFrom ? Infinity : watched, epoch, weights: task.variables.map((v) => v.clone()) };
        epochsWithoutImprovement = 0;
      } else if (settings.patience > 0 && ++epochsWithoutImprovement >= settings.patience) {
        stoppedEarly = true;
      }
    }
    if (best.weights) task.variables.forEach((variable, i) => variable.assign(best.weights![i]!));
  } finally {
    best.weights?.forEach((tensor) => tensor.dispose());
    optimizer.dispose();
  }
  return {
    history,
    epochsRun: history.loss.length,
    bestEpoch: best.epoch,
    stoppedEarly,
    cancelled,
    trainSeconds: (performance.now() - started) / 1000,
  };
}

/** Gathers the listed rows of a row-major matrix into one [count, d] tensor. */
export function gatherRows(tf: Tf, data: Float32Array, d: number, indices: ArrayLike<number>): Tensor {
  const out = new Float32Array(indices.length * d);
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i]! * d;
    out.set(data.subarray(from, from + d), i * d);
  }
  return tf.tensor2d(out, [indices.length, d]);
}

/** The fit/validation partition of n samples: the given validation count, else the tail `fraction` (as Keras does). */
export function holdOut(n: number, givenValidation: number | null, fraction: number): { fit: number; validation: number } {
  if (givenValidation !== null && givenValidation > 0) return { fit: n, validation: givenValidation };
  const validation = fraction > 0 ? Math.floor(n * fraction) : 0;
  return { fit: n - validation, validation };
}

/** Runs `fn` (in a tidy scope) on consecutive slices of `count` samples and returns the outputs concatenated. */
export function inSlices(
  tf: Tf,
  count: number,
  valuesPerSample: number,
  fn: (start: number, rows: number) => Tensor,
  sliceRows = evaluationSlice,
): Float32Array {
  const out = new Float32Array(count * valuesPerSample);
  for (let start = 0; start < count; start += sliceRows) {
    const rows = Math.min(sliceRows, count - start);
    const result = tf.tidy(() => fn(start, rows));
    out.set(result.dataSync() as Float32Array, start * valuesPerSample);
    result.dispose();
  }
  return out;
}
