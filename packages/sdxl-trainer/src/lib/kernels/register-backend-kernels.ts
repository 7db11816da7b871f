import { registerCpuKernels } from './cpu/register-cpu-kernels.js';
import { registerPortableKernels } from './portable/register-portable-kernels.js';
import { registerWasmKernels } from './wasm/register-wasm-kernels.js';
import { registerWebGPUKernels } from './webgpu/register-webgpu-kernels.js';

/**
 * Registers pixel's kernels for a loaded backend: its own where `kernels/<backend>/` has them, the portable
 * ones (made of tfjs ops) for the rest of pixel's custom kernels. `selectBackend` calls it; the cpu
 * backend's are registered on import (register-default-kernels).
 */
export function registerBackendKernels(backendName: string): void {
  if (backendName === 'cpu') registerCpuKernels();
  else if (backendName === 'wasm') registerWasmKernels();
  else if (backendName === 'webgpu') registerWebGPUKernels();
  else registerPortableKernels(backendName);
}
