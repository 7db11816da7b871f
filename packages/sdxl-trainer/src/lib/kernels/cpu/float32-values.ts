import type * as tf from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

/**
 * The values of a float32 tensor held by the cpu backend, without a copy: the tensor's own storage, which
 * kernels only read (AdamW overwrites its parameter and moments where ownedByTensorAlone allows it).
 */
export function float32Values(backend: object, info: tf.TensorInfo): Float32Array {
  if (info.dtype !== 'float32') {
    throw new Error(
      `pixel cpu kernels take float32 tensors; got a ${info.dtype} [${info.shape.join(', ')}].`,
    );
  }
  return (backend as MathBackendCPU).data.get(info.dataId).values as Float32Array;
}
