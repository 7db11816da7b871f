import type { BackendChoice } from '../../types/backend.js';

/** A backend `selectBackend` can activate, and what a user needs to know to enable it. */
export interface BackendCandidate {
  choice: Exclude<BackendChoice, 'auto'>;
  packageName: string;
  backendName: string;
  description: string;
  /** How a user turns this backend on when it is missing. */
  enable: string;
  /** Whether `auto` tries it; otherwise it is used only when asked for by name. */
  auto: boolean;
}

/**
 * In the order `auto` tries them, fastest first: CUDA libtensorflow, a GPU through WebGPU, CPU libtensorflow,
 * the cpu backend with pixel's kernels; tfjs's WebAssembly backend only by name.
 */
export const BACKEND_CANDIDATES: readonly BackendCandidate[] = [
  {
    choice: 'tensorflow-gpu',
    packageName: '@tensorflow/tfjs-node-gpu',
    backendName: 'tensorflow',
    description: 'libtensorflow with CUDA',
    enable:
      'on a Linux machine with CUDA 11.2 + cuDNN 8.1, allow its build (pnpm approve-builds, or list it in ' +
      'pnpm.onlyBuiltDependencies) and run `pnpm rebuild @tensorflow/tfjs-node-gpu`',
    auto: true,
  },
  {
    choice: 'webgpu',
    packageName: '@tensorflow/tfjs-backend-webgpu',
    backendName: 'webgpu',
    description: 'WebGPU through Dawn',
    enable:
      'install a GPU driver with Vulkan (Linux), or use macOS (Metal) or Windows (D3D12); for the software ' +
      'adapter, `apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri`',
    // Only a hardware adapter: a software rasteriser (llvmpipe) is slower than the cpu backend.
    auto: true,
  },
  {
    choice: 'tensorflow',
    packageName: '@tensorflow/tfjs-node',
    backendName: 'tensorflow',
    description: 'libtensorflow on the CPU',
    enable:
      'allow its build (pnpm approve-builds, or list it in pnpm.onlyBuiltDependencies) and run ' +
      '`pnpm rebuild @tensorflow/tfjs-node`',
    auto: true,
  },
  {
    choice: 'wasm',
    packageName: '@tensorflow/tfjs-backend-wasm',
    backendName: 'wasm',
    description: 'WebAssembly with XNNPACK, one thread',
    enable: 'reinstall dependencies (`pnpm install`)',
    // Slower than the cpu backend with pixel's kernels (about 4x on a medium UNet's training step), and
    // every tensor lives in one 32-bit WebAssembly memory of at most 4 GB: a full-size SDXL UNet (10 GB in
    // float32) does not fit.
    auto: false,
  },
  {
    choice: 'cpu',
    packageName: '@tensorflow/tfjs-backend-cpu',
    backendName: 'cpu',
    description: "pixel's WebAssembly kernels on every core",
    enable: 'reinstall dependencies (`pnpm install`)',
    auto: true,
  },
];
