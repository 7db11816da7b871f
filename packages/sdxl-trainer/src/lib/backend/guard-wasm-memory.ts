import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** The largest WebAssembly memory tfjs-backend-wasm can grow to (32-bit addresses, 64 KiB pages). */
const WASM_MEMORY_LIMIT_BYTES = 4294901760;

const guarded = new WeakSet<BackendWasm>();

/**
 * Makes the wasm backend throw a clear error when a tensor does not fit in its memory. Unguarded, it does not
 * check: its malloc returns 0 when the 4 GB memory is full and the tensor is then written over whatever sits
 * at address 0, silently corrupting other tensors (measured: a fourth 1 GB tensor overwrote the first), and a
 * tensor of 4 GiB or more has its size truncated to 32 bits.
 */
export function guardWasmMemory(backend: BackendWasm): void {
  if (guarded.has(backend)) return;
  guarded.add(backend);
  const move = backend.move.bind(backend);
  backend.move = (dataId, values, shape, dtype, refCount) => {
    const bytes = dtype === 'string' ? 0 : tf.util.sizeFromShape(shape) * tf.util.bytesPerElement(dtype);
    if (bytes > WASM_MEMORY_LIMIT_BYTES) throw outOfMemory(shape, bytes);
    move(dataId, values, shape, dtype, refCount);
    if (bytes > 0 && backend.dataIdMap.get(dataId)?.memoryOffset === 0) {
      backend.disposeData(dataId, true);
      throw outOfMemory(shape, bytes);
    }
  };
}

function outOfMemory(shape: readonly number[], bytes: number): Error {
  const inUse = (tf.memory().numBytes / 1e9).toFixed(2);
  return new Error(
    `The wasm backend is out of memory: a [${shape.join(', ')}] tensor (${(bytes / 1e9).toFixed(2)} GB) does ` +
      `not fit in its WebAssembly memory, which is limited to 4 GB (${inUse} GB of tensors in use). Use the cpu ` +
      'or tensorflow backend for this model, or a smaller model or batch.',
  );
}
