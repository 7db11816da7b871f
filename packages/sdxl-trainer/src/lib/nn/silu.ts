import * as tf from '@tensorflow/tfjs-core';

/**
 * SiLU (swish): x * sigmoid(x), PyTorch's `F.silu`. On the cpu backend one JavaScript pass forward and one
 * back (d/dx = s (1 + x (1 - s))) instead of sigmoid, multiply and their gradients' five element-wise ops.
 */
export function silu<T extends tf.Tensor>(input: T): T {
  if (tf.getBackend() !== 'cpu') return tf.mul(input, tf.sigmoid(input));
  const fused = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor;
    (args[1] as tf.GradSaveFunc)([x]);
    const values = x.dataSync() as Float32Array;
    const out = new Float32Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = values[i]! / (1 + Math.exp(-values[i]!));
    return {
      value: tf.tensor(out, x.shape),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const source = saved[0]!.dataSync() as Float32Array;
        const gradient = (dy as tf.Tensor).dataSync() as Float32Array;
        const dx = new Float32Array(source.length);
        for (let i = 0; i < source.length; i++) {
          const sigmoid = 1 / (1 + Math.exp(-source[i]!));
          dx[i] = gradient[i]! * sigmoid * (1 + source[i]! * (1 - sigmoid));
        }
        return [tf.tensor(dx, x.shape)];
      },
    };
  });
  return fused(input) as T;
}
