import type { WebGPUAdapterDescription } from '../../types/backend.js';
import type { FoundWebGPUAdapter } from './find-webgpu-adapters.js';

/** What a user needs to know of an adapter: its name, the API, whether it is software, its size limits. */
export function describeWebGPUAdapter(
  { adapter, api, software }: FoundWebGPUAdapter,
  limits: Pick<GPUSupportedLimits, 'maxStorageBufferBindingSize' | 'maxBufferSize'> = adapter.limits,
): WebGPUAdapterDescription {
  const info = adapter.info;
  // Dawn's `device` is an identifier made of the driver's name ("llvmpipe-llvm-15-0-6-256-bits-");
  // `description` is the driver's version string ("OpenGL version OpenGL ES 3.2 Mesa 22.3.6").
  const device = [info.vendor, info.device.replace(/-+$/, '')].filter(Boolean).join(' ');
  const driver = info.description.replace(/^OpenGL version /, '');
  return {
    name: (driver && driver !== device ? `${device} (${driver})` : device) || 'unnamed adapter',
    api,
    software,
    maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
    maxBufferSize: limits.maxBufferSize,
  };
}
