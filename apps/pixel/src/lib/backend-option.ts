import { BACKEND_CHOICES } from '@pixel/sdxl-trainer';
import type { Options } from 'yargs';

/** `--backend`: which TensorFlow.js engine runs the models (commands that train or evaluate). */
export const BACKEND_OPTION = {
  choices: BACKEND_CHOICES,
  default: 'auto',
  describe:
    'TensorFlow.js backend: auto tries tensorflow-gpu (tfjs-node-gpu), webgpu on a GPU (Vulkan, Metal, D3D12), ' +
    "tensorflow (tfjs-node), then cpu (pixel's WebAssembly kernels on every core); wasm (tfjs's WebAssembly " +
    'backend: one thread, about 4x slower than cpu, tensors limited to 4 GB in all) and webgpu on a software ' +
    'adapter only when asked for. ' +
    '`pixel doctor` shows which are available here.',
} as const satisfies Options;
