import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import { kernelEngine } from './engine/kernel-engine.js';

/** The cpu backends' storages that know about the engine's blocks. */
const tracking = new WeakSet<object>();
const wrapped = new WeakMap<tf.KernelFunc, tf.KernelFunc>();
/** How many tensors' storage holds each block (by address), and the block each tensor's storage holds. */
const holders = new Map<number, number>();
const blockOf = new Map<object, number>();
let depth = 0;

/**
 * `kernel` with its outputs kept in the kernel engine's memory: the tensors it returns may hold blocks of
 * it (engine.prepare), so the next kernel reads them where they are instead of copying them in, and no
 * output is copied out. Blocks no tensor took are freed when the outermost kernel call returns.
 */
export function withEngineBlocks(kernel: tf.KernelFunc): tf.KernelFunc {
  let ours = wrapped.get(kernel);
  if (!ours) {
    ours = (args) => {
      trackEngineBlocks(args.backend as MathBackendCPU);
      depth += 1;
      try {
        return kernel(args);
      } finally {
        depth -= 1;
        if (depth === 0) kernelEngine().freeUnclaimed();
      }
    };
    wrapped.set(kernel, ours);
  }
  return ours;
}

/**
 * Teaches a cpu backend's storage the engine's blocks, once: a tensor that takes a block claims it, and the
 * block is freed when the last tensor holding it is disposed (tfjs's Slice returns a view of its input, so
 * a slice from the start holds its input's block too). A view into the middle of a block gets its own
 * copy, so a block is only ever held through its start. Values read out of the backend (`dataSync`, `data`) are
 * copies: a block is reused once freed, and whoever read a tensor must keep what they read.
 */
function trackEngineBlocks(backend: MathBackendCPU): void {
  if (tracking.has(backend.data)) return;
  tracking.add(backend.data);
  const engine = kernelEngine();
  const release = (dataId: object) => {
    const address = blockOf.get(dataId);
    if (address === undefined) return;
    blockOf.delete(dataId);
    const left = holders.get(address)! - 1;
    if (left > 0) holders.set(address, left);
    else {
      holders.delete(address);
      engine.free(address);
    }
  };
  type Entry = Parameters<MathBackendCPU['data']['set']>[1];
  const { data } = backend;
  const set = data.set.bind(data);
  const remove = data.delete.bind(data);
  data.set = (dataId: object, entry: Entry) => {
    release(dataId);
    const { values } = entry;
    if (values instanceof Float32Array && engine.holds(values)) {
      const address = engine.addressOf(values);
      if (address === undefined) {
        entry = { ...entry, values: values.slice() };
      } else {
        engine.claim(address);
        holders.set(address, (holders.get(address) ?? 0) + 1);
        blockOf.set(dataId, address);
      }
    }
    set(dataId, entry);
  };
  data.delete = (dataId: object) => {
    release(dataId);
    return remove(dataId);
  };
  const readSync = backend.readSync.bind(backend);
  backend.readSync = (dataId: object) => {
    const values = readSync(dataId);
    return values instanceof Float32Array && engine.holds(values) ? values.slice() : values;
  };
  backend.read = (dataId: object) => Promise.resolve(backend.readSync(dataId));
}

/**
 * Whether a kernel may overwrite this tensor's values in place: they are a block of the engine's memory
 * (nobody outside the backend has seen them: reads are copies) and this one tensor holds it.
 */
export function ownedByTensorAlone(backend: object, info: tf.TensorInfo): boolean {
  const address = blockOf.get(info.dataId);
  return (
    address !== undefined &&
    holders.get(address) === 1 &&
    (backend as MathBackendCPU).refCount(info.dataId) === 1
  );
}
