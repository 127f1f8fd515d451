import { mulberry32 } from '../../../../shared/random';
import type { Tf } from '../../backend';
import type { FitOptions, FitProgress, FitReport } from '../detector';
import type { Matrix } from '../../matrix';

type LayersModel = import('@tensorflow/tfjs').LayersModel;
type Tensor = import('@tensorflow/tfjs').Tensor;

export interface RunSettings {
  batchSize: number;
  epochs: number;
  patience: number;
  validationFraction: number;
  /** seeds the per-epoch shuffle, so the same data and config give the same loss curve on one backend */
  seed: number;
}

/** Progress is sent at most this often, plus once at every epoch end. */
const progressIntervalMs = 100;
/** How long training may hold the event loop before it yields to read a cancel message. */
const yieldIntervalMs = 50;

function shuffledRows(X: Matrix, rows: number, random: () => number): Float32Array {
  const order = Array.from({ length: rows }, (_, i) => i);
  for (let i = rows - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const out = new Float32Array(rows * X.d);
  order.forEach((row, i) => out.set(X.data.subarray(row * X.d, (row + 1) * X.d), i * X.d));
  return out;
}

/**
 * Training with what a user needs around it: per-batch progress with ETA, cancel honoured within a
 * batch, early stopping that restores the best epoch's weights (tfjs' own callback does not), and a
 * seeded shuffle (tfjs shuffles with Math.random). The last validationFraction of the rows is held
 * out, as Keras does, which for time series keeps validation after training in time.
 */
export async function trainAutoencoder(
  tf: Tf,
  model: LayersModel,
  X: Matrix,
  settings: RunSettings,
  options: FitOptions = {},
): Promise<FitReport> {
  const started = Date.now();
  const given = options.validation && options.validation.n > 0 ? options.validation : null;
  const validationRows = given ? 0 : settings.validationFraction > 0 ? Math.floor(X.n * settings.validationFraction) : 0;
  const fitRows = X.n - validationRows;
  const batches = Math.max(1, Math.ceil(fitRows / settings.batchSize));
  const random = mulberry32(settings.seed);
  const history = { loss: [] as number[], valLoss: [] as number[] };
  let best = { loss: Infinity, epoch: 0, weights: null as Tensor[] | null };
  let epochsWithoutImprovement = 0;
  let stoppedEarly = false;
  let cancelled = false;
  let epoch = 0;
  let lossSum = 0;
  let lastProgress = 0;
  let lastYield = Date.now();

  const report = (batch: number, epochLoss: number | null, valLoss: number | null) => {
    const elapsedMs = Date.now() - started;
    const done = (epoch - 1) * batches + batch;
    const total = settings.epochs * batches;
    const progress: FitProgress = {
      epoch,
      epochs: settings.epochs,
      batch,
      batches,
      loss: batch > 0 ? lossSum / batch : null,
      epochLoss,
      valLoss,
      elapsedMs,
      etaMs: done > 0 ? (elapsedMs / done) * (total - done) : null,
    };
    lastProgress = Date.now();
    options.onProgress?.(progress);
  };

  const keepBest = (loss: number) => {
    best.weights?.forEach((tensor) => tensor.dispose());
    best = { loss, epoch, weights: model.getWeights().map((tensor) => tensor.clone()) };
  };

  const validation = given
    ? tf.tensor2d(given.data, [given.n, given.d])
    : validationRows > 0
      ? tf.tensor2d(X.data.subarray(fitRows * X.d), [validationRows, X.d])
      : null;
  try {
    for (epoch = 1; epoch <= settings.epochs && !cancelled && !stoppedEarly; epoch++) {
      lossSum = 0;
      const xs = tf.tensor2d(shuffledRows(X, fitRows, random), [fitRows, X.d]);
      let logs;
      try {
        logs = await model.fit(xs, xs, {
          batchSize: settings.batchSize,
          epochs: 1,
          shuffle: false,
          validationData: validation ? [validation, validation] : undefined,
          verbose: 0,
          callbacks: {
            onBatchEnd: async (batch, batchLogs) => {
              lossSum += batchLogs?.loss ?? 0;
              if (options.isCancelled?.()) {
                cancelled = true;
                model.stopTraining = true;
              }
              if (Date.now() - lastProgress >= progressIntervalMs) report(batch + 1, null, null);
              if (Date.now() - lastYield >= yieldIntervalMs) {
                await tf.nextFrame();
                lastYield = Date.now();
              }
            },
          },
        });
      } finally {
        xs.dispose();
      }
      if (cancelled) break;
      const loss = Number(logs.history.loss?.[0] ?? NaN);
      const valLoss = validation ? Number(logs.history.val_loss?.[0] ?? NaN) : null;
      history.loss.push(loss);
      if (valLoss !== null) history.valLoss.push(valLoss);
      report(batches, loss, valLoss);
      const watched = valLoss ?? loss;
      if (watched < best.loss) {
        keepBest(watched);
        epochsWithoutImprovement = 0;
      } else if (settings.patience > 0 && ++epochsWithoutImprovement >= settings.patience) {
        stoppedEarly = true;
      }
    }
  } finally {
    validation?.dispose();
  }
  if (best.weights) {
    model.setWeights(best.weights);
    best.weights.forEach((tensor) => tensor.dispose());
  }
  return {
    history,
    epochsRun: history.loss.length,
    bestEpoch: best.epoch,
    stoppedEarly,
    cancelled,
    trainSeconds: (Date.now() - started) / 1000,
  };
}

/** Squared reconstruction error per row and signal, in slices so memory stays flat on large inputs. */
export function reconstructionErrors(tf: Tf, model: LayersModel, X: Matrix, sliceRows = 8192): Matrix {
  const out = new Float32Array(X.n * X.d);
  for (let start = 0; start < X.n; start += sliceRows) {
    const rows = Math.min(sliceRows, X.n - start);
    const errors = tf.tidy(() => {
      const input = tf.tensor2d(X.data.subarray(start * X.d, (start + rows) * X.d), [rows, X.d]);
      const output = model.predict(input) as Tensor;
      return tf.squaredDifference(output, input);
    });
    out.set(errors.dataSync() as Float32Array, start * X.d);
    errors.dispose();
  }
  return { data: out, n: X.n, d: X.d };
}
