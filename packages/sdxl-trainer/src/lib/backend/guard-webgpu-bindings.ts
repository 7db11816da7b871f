import type { WebGPUAdapterDescription } from '../../types/backend.js';

/** The part of tfjs-backend-webgpu's WebGPUBackend this guard wraps. */
interface BufferManagerHost {
  bufferManager: {
    acquireBuffer(size: number, usage: number, mappedAtCreation?: boolean, reuse?: boolean): GPUBuffer;
  };
}

const guarded = new WeakSet<object>();

/**
 * Makes the webgpu backend refuse, with a clear error, a tensor larger than one shader may bind. Unguarded,
 * Dawn reports the failed binding asynchronously and the kernel's output is garbage: wrong values, silently
 * (SDXL's attention scores at 1024 px are 671 MB per image, over the 128 MiB an OpenGL ES adapter allows).
 */
export function guardWebGPUBindings(backend: object, adapter: WebGPUAdapterDescription): void {
  if (guarded.has(backend)) return;
  guarded.add(backend);
  const manager = (backend as BufferManagerHost).bufferManager;
  const acquire = manager.acquireBuffer.bind(manager);
  manager.acquireBuffer = (size, usage, ...rest) => {
    if (usage & GPUBufferUsage.STORAGE && size > adapter.maxStorageBufferBindingSize) {
      throw new Error(
        `The webgpu backend cannot hold a ${(size / 2 ** 20).toFixed(0)} MiB tensor: its adapter (${adapter.name}) ` +
          `lets a shader bind at most ${(adapter.maxStorageBufferBindingSize / 2 ** 20).toFixed(0)} MiB. Use a ` +
          'lower --resolution or --train_batch_size, or the cpu backend (--backend cpu), which has no such limit.',
      );
    }
    return acquire(size, usage, ...rest);
  };
}
