/**
 * `--backend auto|tensorflow-gpu|tensorflow|wasm|cpu`: which tfjs backend the compute process loads
 * for this run. The same flag for `analyze`, `score`, `bench`, web mode and the desktop app; it wins
 * over the choice saved in the settings. LENS_BACKEND in the environment counts as the flag.
 */
import { backendChoices, parseBackendChoice, type BackendChoice } from '../../shared/ipc/settings';
import { UsageError } from './usage-error';

export const backendUsage = `[--backend ${backendChoices.join('|')}]`;

/** The flag's value, else LENS_BACKEND, else null; a wrong value is a UsageError naming the allowed ones. */
export function backendFlag(value: string | undefined, env: NodeJS.ProcessEnv = process.env): BackendChoice | null {
  try {
    if (value !== undefined) return parseBackendChoice(value);
    const fromEnv = env.LENS_BACKEND;
    return fromEnv ? parseBackendChoice(fromEnv, 'LENS_BACKEND') : null;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * The flag among a desktop launch's arguments, which also hold Chromium's switches and a path to
 * open: `--backend=wasm` or `--backend wasm`. Arguments after `--` are paths, never switches.
 */
export function backendArgument(argv: readonly string[]): string | undefined {
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg.startsWith('--backend=')) return arg.slice('--backend='.length);
    if (arg === '--backend') return argv[i + 1] ?? '';
  }
  return undefined;
}
