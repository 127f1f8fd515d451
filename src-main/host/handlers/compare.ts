import { keySettings } from '../../../shared/sweep-grid';
import { scoreBins, type RunComparison } from '../../../shared/ipc/compare';
import { bestF1Threshold, percentile } from '../../ml/threshold';
import type { Handlers } from '../router';
import type { RunRecord } from '../runs';
import type { HostServices } from '../services';
import { cancelSweep, startSweep } from '../sweep';

type CompareChannels = 'compare:runs' | 'sweep:start' | 'sweep:cancel';

/** Bins from the lowest score to this percentile; the scores above count in the last bin. */
const upperPercentile = 99.9;

function binEdges(scores: ArrayLike<number>): Float64Array {
  const finite = Array.from(scores).filter(Number.isFinite);
  const min = finite.reduce((lowest, score) => Math.min(lowest, score), finite[0] ?? 0);
  const upper = finite.length > 0 ? percentile(finite, upperPercentile) : min;
  // a constant score still needs bins of some width
  const max = upper > min ? upper : min + 1;
  return Float64Array.from({ length: scoreBins + 1 }, (_, i) => min + ((max - min) * i) / scoreBins);
}

/** Rows per bin; `rows` picks the rows to count (all when null), `keep` filters them further. */
function histogram(scores: ArrayLike<number>, edges: Float64Array, rows: ArrayLike<number> | null, keep: (row: number) => boolean = () => true): Float64Array {
  const counts = new Float64Array(scoreBins);
  const low = edges[0]!;
  const width = (edges[scoreBins]! - low) / scoreBins;
  const count = rows ? rows.length : scores.length;
  for (let i = 0; i < count; i++) {
    const row = rows ? rows[i]! : i;
    const score = scores[row]!;
    if (!Number.isFinite(score) || !keep(row)) continue;
    counts[Math.min(scoreBins - 1, Math.max(0, Math.floor((score - low) / width)))]!++;
  }
  return counts;
}

/** What never changes once a run is trained, computed once: the score histograms and the best F1. */
const fixedParts = new WeakMap<RunRecord, Pick<RunComparison, 'scores'> & { bestF1: number | null }>();

function fixedPartsOf(record: RunRecord): Pick<RunComparison, 'scores'> & { bestF1: number | null } {
  const known = fixedParts.get(record);
  if (known) return known;
  const { scores, labels } = record.result;
  const edges = binEdges(scores);
  const testLabels = labels ? Array.from(record.testRows, (row) => labels[row]!) : null;
  const parts = {
    scores: {
      edges,
      all: histogram(scores, edges, null),
      testNormal: labels ? histogram(scores, edges, record.testRows, (row) => labels[row] === 0) : null,
      testAnomaly: labels ? histogram(scores, edges, record.testRows, (row) => labels[row]! > 0) : null,
    },
    bestF1:
      testLabels && testLabels.some((label) => label > 0)
        ? bestF1Threshold(Array.from(record.testRows, (row) => scores[row]!), testLabels).f1
        : null,
  };
  fixedParts.set(record, parts);
  return parts;
}

/** One row of the compare table with the curves and score distribution its charts overlay. */
export function compareRun(record: RunRecord): RunComparison {
  const { result } = record;
  const metrics = result.threshold.metrics;
  const { scores, bestF1 } = fixedPartsOf(record);
  return {
    runId: result.runId,
    datasetName: result.datasetName,
    createdAt: result.createdAt,
    family: result.model.family,
    preset: result.model.preset,
    settings: keySettings(result.model),
    metrics: {
      rocAuc: metrics?.rocAuc ?? null,
      prAuc: metrics?.prAuc ?? null,
      f1: metrics?.f1 ?? null,
      bestF1,
      eventF1: metrics?.events.f1 ?? null,
    },
    trainSeconds: result.trainSeconds,
    epochsRun: result.epochsRun,
    history: { loss: Float64Array.from(result.history.loss), valLoss: Float64Array.from(result.history.valLoss) },
    threshold: result.threshold.value,
    scores,
  };
}

export function compareHandlers(services: HostServices): Pick<Handlers, CompareChannels> {
  return {
    'compare:runs': async ({ runIds }) => (runIds ? runIds.map((runId) => services.runs.get(runId)) : services.runs.list()).map(compareRun),
    'sweep:start': (request) => startSweep(services, request),
    'sweep:cancel': async ({ sweepId }) => ({ cancelled: cancelSweep(services, sweepId) }),
  };
}
