import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { classifyLoadError, classifyNoGpu, missingLibraries, platformProblem } from './backend-availability';
import { loadBackend } from './backend';

const require = createRequire(import.meta.url);
const installed = (name: string) => {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
};

describe('why a backend does not load', () => {
  it('module not found, as Node prints it: not installed, and how to install it with the CUDA versions it needs', () => {
    const message = "Cannot find module '@tensorflow/tfjs-node-gpu'\nRequire stack:\n- /home/ana/anomaly-lens/dist/main/compute.cjs\nMODULE_NOT_FOUND";
    const { reason, remedy } = classifyLoadError('tensorflow-gpu', message);
    expect(reason).toBe('tfjs-node-gpu is not installed');
    expect(remedy).toMatch(/^npm install @tensorflow\/tfjs-node-gpu \(Linux x64 with an NVIDIA GPU, CUDA Toolkit 11\.2 and cuDNN 8\.1/);
    expect(classifyLoadError('tensorflow', "Cannot find module '@tensorflow/tfjs-node'\nRequire stack:\n- x").reason).toBe('tfjs-node is not installed');
  });

  it('a module the package itself needs is missing: installed incompletely', () => {
    const { reason, remedy } = classifyLoadError('tensorflow', "Cannot find module '@mapbox/node-pre-gyp'\nRequire stack:\n- /app/node_modules/@tensorflow/tfjs-node/dist/index.js");
    expect(reason).toBe('tfjs-node is installed incompletely: @mapbox/node-pre-gyp is missing');
    expect(remedy).toBe('npm install @tensorflow/tfjs-node again');
  });

  it('a dlopen error for libcudart.so.11.0: CUDA library not found, install CUDA and put it on LD_LIBRARY_PATH', () => {
    const dlopen = 'libcudart.so.11.0: cannot open shared object file: No such file or directory';
    expect(classifyLoadError('tensorflow-gpu', dlopen)).toEqual({
      reason: 'CUDA library not found: libcudart.so.11.0',
      remedy: expect.stringMatching(/CUDA Toolkit 11\.2 and cuDNN 8\.1.*LD_LIBRARY_PATH/),
    });
    // TensorFlow's own log line (it carries on on the CPU): the library it names is the cause
    const log =
      "2025-01-07 10:12:01.123 W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcudnn.so.8'; dlerror: libcudnn.so.8: cannot open shared object file: No such file or directory; LD_LIBRARY_PATH: /usr/local/cuda/lib64\n" +
      'W tensorflow/core/common_runtime/gpu/gpu_device.cc:1850] Cannot dlopen some GPU libraries. Please make sure the missing libraries mentioned above are installed properly if you would like to use GPU.';
    expect(classifyNoGpu(log)).toEqual({ reason: 'CUDA library not found: libcudnn.so.8', remedy: expect.stringMatching(/^install cuDNN 8\.1 for CUDA 11\.2 and add its lib64 folder to LD_LIBRARY_PATH/) });
    expect(missingLibraries(log)).toEqual(['libcudnn.so.8']);
  });

  it('the NVIDIA driver missing or not running, and no GPU at all', () => {
    const driver = "W dso_loader.cc:64] Could not load dynamic library 'libcuda.so.1'; dlerror: libcuda.so.1: cannot open shared object file: No such file or directory";
    expect(classifyNoGpu(driver).reason).toBe('NVIDIA driver not found (libcuda.so.1)');
    expect(classifyNoGpu('E cuda_driver.cc:271] failed call to cuInit: CUDA_ERROR_NO_DEVICE: no CUDA-capable device is detected').reason).toBe(
      'no NVIDIA GPU found (cuInit: no CUDA-capable device)',
    );
    expect(classifyNoGpu('E cuda_driver.cc:271] failed call to cuInit: UNKNOWN ERROR (303)').reason).toBe('the NVIDIA driver is not running (cuInit failed)');
    // a clean log (every library opened) says only what is known
    expect(classifyNoGpu('I dso_loader.cc:53] Successfully opened dynamic library libcudart.so.11.0').reason).toBe(
      'TensorFlow found no usable NVIDIA GPU: tfjs-node-gpu would run on the CPU',
    );
  });

  it('Windows: a missing DLL behind tfjs_binding.node is the native library; a missing CUDA DLL is named', () => {
    const windows = 'The specified module could not be found.\r\n\\\\?\\C:\\Users\\ana\\app\\node_modules\\@tensorflow\\tfjs-node\\lib\\napi-v8\\tfjs_binding.node\nERR_DLOPEN_FAILED';
    expect(classifyLoadError('tensorflow', windows)).toEqual({
      reason: "tfjs-node's native library is missing (tensorflow.dll or a DLL it needs; its install downloads libtensorflow)",
      remedy: 'npm rebuild @tensorflow/tfjs-node with internet access: its install script downloads libtensorflow and the native addon',
    });
    const cuda = "W dso_loader.cc:64] Could not load dynamic library 'cudart64_110.dll'; dlerror: cudart64_110.dll not found";
    expect(classifyNoGpu(cuda)).toEqual({ reason: 'CUDA library not found: cudart64_110.dll', remedy: expect.stringContaining('add its bin folder to PATH') });
  });

  it("tfjs-node's addon or libtensorflow missing (an install that could not download): rebuild with internet", () => {
    const addon =
      'The Node.js native addon module (tfjs_binding.node) can not be found at path: /app/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node. \n' +
      "Please run command 'npm rebuild @tensorflow/tfjs-node --build-addon-from-source' to rebuild the native addon module.";
    expect(classifyLoadError('tensorflow', addon).reason).toBe("tfjs-node's native library is missing (tfjs_binding.node; its install downloads libtensorflow)");
    const lib = classifyLoadError('tensorflow-gpu', 'libtensorflow.so.2: cannot open shared object file: No such file or directory');
    expect(lib.reason).toBe("tfjs-node-gpu's native library is missing (libtensorflow.so.2; its install downloads libtensorflow)");
    expect(lib.remedy).toMatch(/^npm rebuild @tensorflow\/tfjs-node-gpu with internet access/);
  });

  it('an unknown error keeps its first line', () => {
    expect(classifyLoadError('wasm', '\nsomething odd happened\n    at x')).toEqual({ reason: 'wasm did not load: something odd happened', remedy: null });
  });

  it('says where a backend cannot work whatever is installed', () => {
    expect(platformProblem('tensorflow-gpu', 'darwin', 'arm64')?.reason).toBe('no CUDA on macOS: tfjs-node-gpu installs the CPU library there');
    expect(platformProblem('tensorflow-gpu', 'linux', 'arm64')?.reason).toBe('tfjs-node-gpu has no GPU build for linux arm64 (only Linux x64 and Windows x64)');
    expect(platformProblem('tensorflow-gpu', 'linux', 'x64')).toBeNull();
    // tfjs-node-gpu 4.22's installer lists gpu-windows-x86_64 among its builds
    expect(platformProblem('tensorflow-gpu', 'win32', 'x64')).toBeNull();
    expect(platformProblem('tensorflow', 'darwin', 'arm64')).toBeNull();
    expect(platformProblem('tensorflow', 'win32', 'arm64')?.reason).toBe('tfjs-node has no TensorFlow library for win32 arm64');
    expect(platformProblem('wasm', 'freebsd', 'riscv64')).toBeNull();
  });
});

describe('loadBackend', () => {
  it.skipIf(installed('@tensorflow/tfjs-node-gpu') || installed('@tensorflow/tfjs-node'))(
    'a chosen backend that does not load falls back down the ladder and says so',
    async () => {
      const { tf, info } = await loadBackend('tensorflow-gpu');
      expect(info.name).toBe('wasm');
      expect(info.gpu).toBe(false);
      expect(info.detail).toBe(
        'tensorflow-gpu was chosen and did not load, fell back to wasm: tfjs-node-gpu is not installed; tfjs-node is not installed',
      );
      expect(tf.getBackend()).toBe('wasm');
    },
  );
});
