import { createRequire } from 'node:module';
import path from 'node:path';
import type { BackendInfo } from '../../shared/ipc/app';
import { prepareWasmBackend } from './wasm-kernels';

export type Tf = typeof import('@tensorflow/tfjs');

const requireFromHere = createRequire(import.meta.url);

export type BackendChoice = 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

interface Rung {
  choice: Exclude<BackendChoice, 'auto'>;
  load(): Promise<Tf>;
}

/** tfjs-node(-gpu) bring their own copy of tfjs with the native backend registered. */
function nativeRung(choice: 'tensorflow-gpu' | 'tensorflow', packageName: string): Rung {
  return {
    choice,
    async load() {
      const tf = requireFromHere(packageName) as Tf;
      await tf.setBackend('tensorflow');
      await tf.ready();
      return tf;
    },
  };
}

const ladder: Rung[] = [
  nativeRung('tensorflow-gpu', '@tensorflow/tfjs-node-gpu'),
  nativeRung('tensorflow', '@tensorflow/tfjs-node'),
  {
    choice: 'wasm',
    async load() {
      const tf = requireFromHere('@tensorflow/tfjs') as Tf;
      const wasm = requireFromHere('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
      const wasmDir = path.dirname(requireFromHere.resolve('@tensorflow/tfjs-backend-wasm'));
      wasm.setWasmPaths(wasmDir + path.sep);
      if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
      await tf.ready();
      prepareWasmBackend(tf);
      return tf;
    },
  },
  {
    choice: 'cpu',
    async load() {
      const tf = requireFromHere('@tensorflow/tfjs') as Tf;
      await tf.setBackend('cpu');
      await tf.ready();
      return tf;
    },
  },
];

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/Cannot find module/.test(message)) return 'not installed';
  return message.split('\n')[0]!.slice(0, 160);
}

/**
 * Walks the ladder tfjs-node-gpu, tfjs-node, wasm, cpu and returns the first that loads, with a
 * sentence saying why each higher rung was skipped, so the app can show it.
 */
export async function loadBackend(wanted: BackendChoice = 'auto'): Promise<{ tf: Tf; info: BackendInfo }> {
  const skipped: string[] = [];
  const rungs = wanted === 'auto' ? ladder : ladder.filter((rung) => rung.choice === wanted);
  for (const rung of rungs) {
    try {
      const tf = await rung.load();
      const name = rung.choice === 'tensorflow-gpu' ? 'tfjs-node-gpu' : rung.choice === 'tensorflow' ? 'tfjs-node' : tf.getBackend();
      const detail = skipped.length ? `skipped ${skipped.join('; ')}` : 'first choice';
      return { tf, info: { name, detail, gpu: rung.choice === 'tensorflow-gpu' } };
    } catch (error) {
      skipped.push(`${packageLabel(rung.choice)}: ${reasonOf(error)}`);
    }
  }
  throw new Error(`no tfjs backend could be loaded (${skipped.join('; ')})`);
}

function packageLabel(choice: Rung['choice']): string {
  return choice === 'tensorflow-gpu' ? 'tfjs-node-gpu' : choice === 'tensorflow' ? 'tfjs-node' : choice;
}
