/** Writes a generated dataset and its ground truth to disk: shared by `anomaly-lens synth` and `datasets:synthesize`. */

import type { SynthesizeRequest } from '../../shared/ipc/datasets';
import { writeFileAtomic } from '../project/atomic-write';
import { csvChunks, generateSynthetic, signalNames, truthOf, type CsvOptions } from './synth';

/** One row a minute from a fixed start, so the same request always gives the same bytes. */
const csvOptions: CsvOptions = { start: '2024-01-01T00:00:00Z', stepSeconds: 60, decimals: 4, timeColumn: 'time' };

export interface SynthFiles {
  csvPath: string;
  /** `<csv>.truth.json`: a list of {start, end (exclusive), features (0-based signal columns), raw, kind, signals} */
  truthPath: string;
  anomalies: number;
  anomalousRows: number;
}

export function truthPathFor(csvPath: string): string {
  return `${csvPath}.truth.json`;
}

export async function writeSynthetic(csvPath: string, request: SynthesizeRequest): Promise<SynthFiles> {
  const data = generateSynthetic({
    rows: request.rows,
    signals: typeof request.signals === 'number' ? signalNames(request.signals) : request.signals,
    anomalyShare: request.anomalyShare,
    kinds: request.kinds,
    seed: request.seed,
    latent: request.latent,
    noise: request.noise,
  });
  // pieces joined as bytes: a few million rows would pass V8's longest string
  const csv = Buffer.concat([...csvChunks(data, csvOptions)].map((chunk) => Buffer.from(chunk)));
  const truth = truthOf(data);
  const truthPath = truthPathFor(csvPath);
  await writeFileAtomic(csvPath, csv);
  // one segment a line: readable and still a JSON list
  await writeFileAtomic(truthPath, `[\n${truth.map((segment) => ` ${JSON.stringify(segment)}`).join(',\n')}\n]\n`);
  const anomalousRows = data.segments.reduce((sum, s) => sum + s.end - s.start + 1, 0);
  return { csvPath, truthPath, anomalies: truth.length, anomalousRows };
}
