import * as tf from '@tensorflow/tfjs-core';

/** Live and peak bytes of the data buffers allocated since `trackBufferBytes()` was called. */
export interface BufferBytesTracker {
  /** Bytes of the tracked buffers alive now. */
  readonly live: number;
  /** The most `live` has been since the start or the last `resetPeak()`. */
  readonly peak: number;
  /** Starts a new peak from the bytes alive now. */
  resetPeak(): void;
  /** Stops counting (the engine is left as it was). */
  stop(): void;
}

interface BufferInfo {
  bytes: number;
}

/**
 * Counts the bytes of the tensor data buffers the engine allocates and frees from now on, and their
 * peak, at every allocation. `tf.memory().numBytes` (and `tf.profile().peakBytes`) count a buffer once per
 * tensor that views it: a reshape, or each copy of a tensor the tape saves for the backward pass (a
 * clone sharing the data), adds its full size again, so during a training step they report far more than
 * a device holds (the weights alone count twice once the forward pass has saved them). This counts each
 * buffer once, as an accelerator allocates it; buffers that existed before the call are not counted.
 * `onAllocate`, when given, sees `live` after every new buffer.
 */
export function trackBufferBytes(onAllocate?: (live: number) => void): BufferBytesTracker {
  const engine = tf.engine() as unknown as { state: { tensorInfo: WeakMap<object, BufferInfo> } };
  const buffers = engine.state.tensorInfo;
  const tracked = new WeakSet<object>();
  const { set, delete: remove } = WeakMap.prototype as WeakMap<object, BufferInfo>;
  let live = 0;
  let peak = 0;
  buffers.set = function (dataId, info) {
    if (!buffers.has(dataId)) {
      tracked.add(dataId);
      live += info.bytes;
      peak = Math.max(peak, live);
      onAllocate?.(live);
    }
    return set.call(buffers, dataId, info);
  };
  buffers.delete = function (dataId) {
    const info = buffers.get(dataId);
    if (info && tracked.has(dataId)) {
      tracked.delete(dataId);
      live -= info.bytes;
    }
    return remove.call(buffers, dataId);
  };
  return {
    get live() {
      return live;
    },
    get peak() {
      return peak;
    },
    resetPeak() {
      peak = live;
    },
    stop() {
      // The methods were own properties shadowing WeakMap's; removing them restores the originals.
      delete (buffers as Partial<WeakMap<object, BufferInfo>>).set;
      delete (buffers as Partial<WeakMap<object, BufferInfo>>).delete;
    },
  };
}
