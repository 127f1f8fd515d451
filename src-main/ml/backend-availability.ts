/**
 * Why a tfjs backend cannot be used on this machine and what to install, in the user's words.
 * Pure: the texts come from a probe's load error and its native log (see jobs/backend-probe.ts).
 *
 * Versions, read from @tensorflow/tfjs-node-gpu 4.22.0 itself (scripts/deps-constants.js,
 * scripts/install.js): it downloads libtensorflow 2.9.1; TensorFlow 2.9 is built against CUDA 11.2
 * and cuDNN 8.1 and dlopens libcudart.so.11.0, libcublas.so.11, libcudnn.so.8 and friends at start.
 * Its installer knows GPU builds for linux-x86_64 and windows-x86_64 only; on macOS it fetches the CPU
 * library, on Linux arm64 a CPU-only TensorFlow 2.7 build.
 */
import type { BackendChoice } from '../../shared/ipc/settings';

export type Rung = Exclude<BackendChoice, 'auto'>;

/** The order `auto` tries; a named choice that does not load continues down from its own rung. */
export const ladder: readonly Rung[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

export interface Unavailable {
  reason: string;
  remedy: string | null;
}

export const packageOf: Record<Rung, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs',
};

/** Short names, as the status bar and the `skipped …` detail print them. */
export const shortName: Record<Rung, string> = { 'tensorflow-gpu': 'tfjs-node-gpu', tensorflow: 'tfjs-node', wasm: 'wasm', cpu: 'cpu' };

export const cudaRequirement = 'CUDA Toolkit 11.2 and cuDNN 8.1 (what TensorFlow 2.9.1 inside tfjs-node-gpu 4.22 was built for), NVIDIA driver 450.80 or newer';

const installGpu = `npm install @tensorflow/tfjs-node-gpu (Linux x64 with an NVIDIA GPU, ${cudaRequirement}); its install downloads libtensorflow, so it needs internet`;
const installCpu = 'npm install @tensorflow/tfjs-node (its install downloads libtensorflow 2.9.1 from storage.googleapis.com, so it needs internet)';

function rebuild(rung: 'tensorflow-gpu' | 'tensorflow'): string {
  return `npm rebuild ${packageOf[rung]} with internet access: its install script downloads libtensorflow and the native addon`;
}

/** Where a backend cannot work at all, whatever is installed; null where it may. */
export function platformProblem(rung: Rung, platform: string, arch: string): Unavailable | null {
  if (rung === 'tensorflow-gpu') {
    if (platform === 'darwin') {
      return { reason: 'no CUDA on macOS: tfjs-node-gpu installs the CPU library there', remedy: `use tfjs-node instead: ${installCpu}` };
    }
    if ((platform === 'linux' || platform === 'win32') && arch === 'x64') return null;
    return {
      reason: `tfjs-node-gpu has no GPU build for ${platform} ${arch} (only Linux x64 and Windows x64)`,
      remedy: platform === 'linux' && arch === 'arm64' ? `use tfjs-node instead (a CPU build exists for Linux arm64): ${installCpu}` : null,
    };
  }
  if (rung === 'tensorflow') {
    const supported = ['linux x64', 'linux arm64', 'darwin x64', 'darwin arm64', 'win32 x64'];
    if (supported.includes(`${platform} ${arch}`)) return null;
    return { reason: `tfjs-node has no TensorFlow library for ${platform} ${arch}`, remedy: 'use wasm, which runs everywhere' };
  }
  return null;
}

const cudaLibrary = /^(lib)?(cudart|cublasLt|cublas|cufft|curand|cusolver|cusparse|cudnn\w*|nvinfer)(64)?[\w.]*\.(so|dll)[\w.]*$/i;
const driverLibrary = /^(libcuda\.so[\w.]*|nvcuda\.dll)$/i;
const tensorflowLibrary = /^(lib)?tensorflow(_framework)?[\w.]*\.(so|dll|dylib)[\w.]*$/i;

/** Shared libraries the text says could not be loaded, in order of appearance. */
export function missingLibraries(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    // TensorFlow's own log: Could not load dynamic library 'libcudart.so.11.0'; dlerror: ...
    /Could not load dynamic library '([^']+)'/g,
    // dlopen (Linux): libcudart.so.11.0: cannot open shared object file: No such file or directory
    /([\w.+-]+\.so[\w.]*): cannot open shared object file/g,
    // macOS dyld: Library not loaded: @rpath/libtensorflow.2.dylib
    /Library not loaded: \S*?([\w.+-]+\.dylib)/g,
    // Windows: cudart64_110.dll not found
    /([\w.+-]+\.dll) not found/gi,
  ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) if (!found.includes(match[1]!)) found.push(match[1]!);
  }
  return found;
}

function libraryRemedy(library: string): string {
  const windows = /\.dll$/i.test(library);
  const where = windows ? 'add its bin folder to PATH' : 'add its lib64 folder to LD_LIBRARY_PATH (e.g. export LD_LIBRARY_PATH=/usr/local/cuda-11.2/lib64:$LD_LIBRARY_PATH)';
  if (/cudnn/i.test(library)) return `install cuDNN 8.1 for CUDA 11.2 and ${where}`;
  return `install the ${cudaRequirement} and ${where}`;
}

function firstLine(text: string): string {
  const line = text.split(/\r?\n/).find((candidate) => candidate.trim() !== '') ?? 'unknown error';
  return line.trim().slice(0, 160);
}

/**
 * Why a rung did not load, from its error message and, for a probe, the native log it wrote (where
 * TensorFlow names the CUDA library it could not open). Checked from the most specific cause down.
 */
export function classifyLoadError(rung: Rung, text: string): Unavailable {
  const name = shortName[rung];
  const native = rung === 'tensorflow-gpu' || rung === 'tensorflow';
  const libraries = missingLibraries(text);
  const driver = libraries.find((library) => driverLibrary.test(library));
  const cuda = libraries.find((library) => cudaLibrary.test(library));
  const tensorflow = libraries.find((library) => tensorflowLibrary.test(library));
  if (native && tensorflow) return nativeLibraryMissing(rung as 'tensorflow-gpu' | 'tensorflow', tensorflow);
  if (driver) {
    return { reason: `NVIDIA driver not found (${driver})`, remedy: 'install the NVIDIA driver for your GPU (450.80 or newer); without an NVIDIA GPU, tfjs-node-gpu cannot help: use tfjs-node' };
  }
  if (cuda) return { reason: `CUDA library not found: ${cuda}`, remedy: libraryRemedy(cuda) };
  if (/CUDA_ERROR_NO_DEVICE|no CUDA-capable device/i.test(text)) {
    return { reason: 'no NVIDIA GPU found (cuInit: no CUDA-capable device)', remedy: 'tfjs-node-gpu needs an NVIDIA GPU: use tfjs-node on this machine' };
  }
  if (/failed call to cuInit|kernel driver does not appear to be running|NVIDIA-SMI has failed/i.test(text)) {
    return { reason: 'the NVIDIA driver is not running (cuInit failed)', remedy: 'check that nvidia-smi lists the GPU; install or reload the NVIDIA driver (450.80 or newer)' };
  }
  // tfjs-node's own check: "The Node.js native addon module (tfjs_binding.node) can not be found at path: …"
  if (native && /tfjs_binding\.node/.test(text) && /can ?not be found|Cannot find module/i.test(text)) {
    return nativeLibraryMissing(rung as 'tensorflow-gpu' | 'tensorflow', 'tfjs_binding.node');
  }
  const missingModule = /Cannot find module '([^']+)'/.exec(text)?.[1];
  if (missingModule) {
    if (missingModule === packageOf[rung] || missingModule.startsWith(`${packageOf[rung]}/`)) {
      const remedy = rung === 'tensorflow-gpu' ? installGpu : rung === 'tensorflow' ? installCpu : `npm install ${packageOf[rung]}`;
      return { reason: `${name} is not installed`, remedy };
    }
    return { reason: `${name} is installed incompletely: ${missingModule} is missing`, remedy: `npm install ${packageOf[rung]} again` };
  }
  if (native && /The specified module could not be found/i.test(text)) {
    return nativeLibraryMissing(rung as 'tensorflow-gpu' | 'tensorflow', 'tensorflow.dll or a DLL it needs');
  }
  if (native && /\b(invalid ELF header|wrong ELF class|mach-o, but wrong architecture|is not a valid Win32 application)\b/i.test(text)) {
    return { reason: `${name}'s native library is for another system: ${firstLine(text)}`, remedy: rebuild(rung as 'tensorflow-gpu' | 'tensorflow') };
  }
  if (rung === 'wasm' && /wasm/i.test(text)) {
    return { reason: `the WebAssembly backend did not start: ${firstLine(text)}`, remedy: 'npm install @tensorflow/tfjs-backend-wasm again; the cpu backend still works' };
  }
  return { reason: `${name} did not load: ${firstLine(text)}`, remedy: null };
}

function nativeLibraryMissing(rung: 'tensorflow-gpu' | 'tensorflow', library: string): Unavailable {
  return {
    reason: `${shortName[rung]}'s native library is missing (${library}; its install downloads libtensorflow)`,
    remedy: rebuild(rung),
  };
}

/** tfjs-node-gpu loaded but TensorFlow registered no GPU device: it would run on the CPU. */
export function classifyNoGpu(log: string): Unavailable {
  const known = classifyLoadError('tensorflow-gpu', log);
  if (!known.reason.includes('did not load')) return known;
  return {
    reason: 'TensorFlow found no usable NVIDIA GPU: tfjs-node-gpu would run on the CPU',
    remedy: `check that nvidia-smi lists the GPU and that the ${cudaRequirement} are installed and on LD_LIBRARY_PATH`,
  };
}
