import { registerPortableKernels } from '../portable/register-portable-kernels.js';

/**
 * The webgpu backend's kernels of pixel's: the portable custom kernels (tfjs's WebGPU shaders run each op
 * inside them).
 */
export function registerWebGPUKernels(): void {
  registerPortableKernels('webgpu');
}
