import { createRequire } from 'node:module';
import path from 'node:path';
import type { BackendInfo } from '../../shared/ipc/app';
import type { BackendChoice } from '../../shared/ipc/settings';
import { classifyLoadError, ladder, packageOf, shortName, type Rung } from './backend-availability';
import { prepareWasmBackend } from './wasm-kernels';

export type Tf = typeof import('@tensorflow/tfjs');

const requireFromHere = createRequire(import.meta.url);

/** tfjs-node(-gpu) bring their own copy of tfjs with the native backend registered. */
async function loadNative(rung: 'tensorflow-gpu' | 'tensorflow'): Promise<{ tf: Tf; gpu: boolean }> {
  const tf = requireFromHere(packageOf[rung]) as Tf;
  await tf.setBackend('tensorflow');
  await tf.ready();
  // tfjs-node's backend says whether TensorFlow registered a GPU device; without one (no CUDA
  // libraries, no driver) tfjs-node-gpu quietly runs on the CPU.
  const gpu = rung === 'tensorflow-gpu' && (tf.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice === true;
  return { tf, gpu };
}

async function loadRung(rung: Rung): Promise<{ tf: Tf; gpu: boolean }> {
  if (rung === 'tensorflow-gpu' || rung === 'tensorflow') return loadNative(rung);
  const tf = requireFromHere('@tensorflow/tfjs') as Tf;
  if (rung === 'wasm') {
    const wasm = requireFromHere('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    const wasmDir = path.dirname(requireFromHere.resolve('@tensorflow/tfjs-backend-wasm'));
    wasm.setWasmPaths(wasmDir + path.sep);
    if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
    await tf.ready();
    prepareWasmBackend(tf);
    return { tf, gpu: false };
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { tf, gpu: false };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Loads the wanted backend; `auto` walks the ladder tfjs-node-gpu, tfjs-node, wasm, cpu from the top,
 * a named choice that does not load continues down from its own rung. The detail says why each
 * higher rung was skipped, so the app can show it.
 */
export async function loadBackend(wanted: BackendChoice = 'auto'): Promise<{ tf: Tf; info: BackendInfo }> {
  const skipped: string[] = [];
  const rungs = wanted === 'auto' ? ladder : ladder.slice(ladder.indexOf(wanted));
  for (const rung of rungs) {
    try {
      const { tf, gpu } = await loadRung(rung);
      const name = rung === 'wasm' || rung === 'cpu' ? tf.getBackend() : shortName[rung];
      const notes: string[] = [];
      if (skipped.length > 0) notes.push(`${wanted === 'auto' ? 'skipped' : `${wanted} was chosen and did not load, fell back to ${name}`}: ${skipped.join('; ')}`);
      if (rung === 'tensorflow-gpu' && !gpu) notes.push('tfjs-node-gpu found no usable GPU and runs on the CPU (Settings says why)');
      const detail = notes.length > 0 ? notes.join('; ') : wanted === 'auto' ? 'first choice' : 'as chosen';
      return { tf, info: { name, detail, gpu } };
    } catch (error) {
      const { reason } = classifyLoadError(rung, messageOf(error));
      skipped.push(reason.startsWith(shortName[rung]) ? reason : `${shortName[rung]}: ${reason}`);
    }
  }
  throw new Error(`no tfjs backend could be loaded (${skipped.join('; ')})`);
}

/** What a probe process reports of the one rung it tried. */
export type ProbeOutcome = { rung: Rung; ok: true; gpu: boolean } | { rung: Rung; ok: false; error: string };

/** Loads exactly one rung, no fallback: only ever called in a short-lived probe process. */
export async function probeRung(rung: Rung): Promise<ProbeOutcome> {
  try {
    const { gpu } = await loadRung(rung);
    return { rung, ok: true, gpu };
  } catch (error) {
    const text = error instanceof Error ? `${error.message}\n${(error as { code?: string }).code ?? ''}` : String(error);
    return { rung, ok: false, error: text.slice(0, 4000) };
  }
}
