import { z } from 'zod';
import { backendInfoSchema } from './app';
import { channel } from './contract';

/** What a user may ask the compute process to load: `auto` walks the ladder from the top. */
export const backendChoices = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export const backendChoiceSchema = z.enum(backendChoices);
export type BackendChoice = z.infer<typeof backendChoiceSchema>;

/** The same words in the settings, the README and the `--backend` usage line. */
export const backendLabels: Record<BackendChoice, string> = {
  auto: 'Automatic (the best that loads)',
  'tensorflow-gpu': 'TensorFlow on an NVIDIA GPU (tfjs-node-gpu)',
  tensorflow: 'TensorFlow on the CPU (tfjs-node)',
  wasm: 'WebAssembly (always available)',
  cpu: 'Plain JavaScript (slowest)',
};

/** A wrong `--backend` value: the message names the allowed ones. */
export function parseBackendChoice(value: string, option = '--backend'): BackendChoice {
  const parsed = backendChoiceSchema.safeParse(value);
  if (!parsed.success) throw new RangeError(`${option} must be one of ${backendChoices.join(', ')}, got ${value}`);
  return parsed.data;
}

export const backendOptionSchema = z.object({
  choice: backendChoiceSchema,
  label: z.string(),
  available: z.boolean(),
  /** why it cannot be used here, in one line; null when available */
  reason: z.string().nullable(),
  /** what to install or do to make it available; null when available or nothing helps */
  remedy: z.string().nullable(),
  /** the choice the compute process was started with */
  current: z.boolean(),
  /** the backend the compute process actually runs (a choice that did not load falls back) */
  inUse: z.boolean(),
});
export type BackendOption = z.infer<typeof backendOptionSchema>;

export const backendSettingsSchema = z.object({
  backends: z.array(backendOptionSchema),
  /** what the compute process is asked for now */
  chosen: backendChoiceSchema,
  /** where that came from: a `--backend` flag (or LENS_BACKEND) of this launch, the saved settings, or neither */
  source: z.enum(['flag', 'saved', 'default']),
  /** what the compute process loaded; null while it starts */
  active: backendInfoSchema.nullable(),
});
export type BackendSettings = z.infer<typeof backendSettingsSchema>;

export const settingsChannels = {
  /** Every backend with whether it loads here, and why not (probed in short-lived processes, cached; `refresh` probes again). */
  'settings:backends': channel(z.object({ refresh: z.boolean().optional() }).strict(), backendSettingsSchema),
  /** Saves the choice and restarts the compute process with it; BUSY while a job or sweep runs. */
  'settings:setBackend': channel(z.object({ choice: backendChoiceSchema }).strict(), backendSettingsSchema),
};
