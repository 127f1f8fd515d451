import path from 'node:path';
import { parseArgs } from 'node:util';
import { anomalyKindSchema, synthesizeRequestSchema, type SynthesizeRequest } from '../../shared/ipc/datasets';
import { writeSynthetic } from '../data/synth-files';
import { UsageError } from './usage-error';

export const synthUsage =
  'anomaly-lens synth --out <file.csv> [--rows <n>] [--signals <n or name,name,...>] [--anomaly-share <0..0.5>] [--kinds mean-shift,correlation-break,variance-explosion] [--seed <n>] [--latent <n>] [--noise <x>]';

/** A number option as typed; anything else is left to the contract's schema to refuse by name. */
function numberOption(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}

/** The options as the contract's request, so the app and the CLI share one set of limits. */
function requestFrom(argv: string[]): { out: string; request: SynthesizeRequest } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      out: { type: 'string' },
      rows: { type: 'string', default: '10000' },
      signals: { type: 'string', default: '8' },
      'anomaly-share': { type: 'string', default: '0.05' },
      kinds: { type: 'string', default: anomalyKindSchema.options.join(',') },
      seed: { type: 'string', default: '4' },
      latent: { type: 'string' },
      noise: { type: 'string' },
    },
  });
  if (!values.out) throw new UsageError(`--out <file.csv> is required: ${synthUsage}`);
  const signals = /^\d+$/.test(values.signals) ? Number(values.signals) : values.signals.split(',').map((name) => name.trim());
  const parsed = synthesizeRequestSchema.safeParse({
    rows: numberOption(values.rows),
    signals,
    anomalyShare: numberOption(values['anomaly-share']),
    kinds: values.kinds.split(',').map((kind) => kind.trim()),
    seed: numberOption(values.seed),
    latent: numberOption(values.latent),
    noise: numberOption(values.noise),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const option = { anomalyShare: 'anomaly-share' }[String(issue.path[0])] ?? String(issue.path[0] ?? 'options');
    throw new UsageError(`--${option}: ${issue.message}`);
  }
  return { out: path.resolve(values.out), request: parsed.data };
}

/** `anomaly-lens synth`: writes the CSV (time, signals, label) and `<file>.truth.json`; returns a one-line summary. */
export async function synth(argv: string[]): Promise<string> {
  const { out, request } = requestFrom(argv);
  const files = await writeSynthetic(out, request);
  const share = ((100 * files.anomalousRows) / request.rows).toFixed(1);
  return `${files.csvPath} (${request.rows} rows, ${files.anomalies} anomalies, ${share}% of rows) and ${files.truthPath}`;
}
