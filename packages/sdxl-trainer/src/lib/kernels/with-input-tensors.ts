import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs tfjs ops inside a kernel: wraps the kernel's input TensorInfos as Tensors, calls `compute` in a tidy
 * scope and returns its result (one tensor or several) as the kernel's output (the engine accepts Tensors
 * there). Kernels run with the gradient tape off, so the ops inside are not recorded; the kernel's
 * registered gradient is used. Each wrapper takes its own reference to the input's data, so disposing it
 * leaves the caller's tensor intact.
 */
export function withInputTensors<T extends tf.Tensor | tf.Tensor[]>(
  // Typed `{}` in tfjs's KernelFunc signature; it is the KernelBackend running the kernel.
  backend: object,
  inputs: readonly tf.TensorInfo[],
  compute: (...tensors: tf.Tensor[]) => T,
): T {
  return tf.tidy(() => {
    const tensors = inputs.map((info) => {
      (backend as tf.KernelBackend).incRef(info.dataId);
      return tf.engine().makeTensorFromTensorInfo(info, backend as tf.KernelBackend);
    });
    return compute(...tensors);
  });
}
