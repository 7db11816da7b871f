import * as tf from '@tensorflow/tfjs-core';

/**
 * Softmax over the last axis (attention weights). On the cpu backend one JavaScript pass per row forward
 * and one back (dx = y * (dy - sum(dy * y))) instead of tfjs's composite of exp, sum, div and their
 * gradients, which took as long as the attention matMuls themselves on 32x32 latents.
 */
export function softmaxLastAxis<T extends tf.Tensor>(logits: T): T {
  if (tf.getBackend() !== 'cpu') return tf.softmax(logits);
  const width = logits.shape[logits.rank - 1]!;
  const softmax = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = (args[0] as tf.Tensor).dataSync() as Float32Array;
    const y = new Float32Array(x.length);
    for (let start = 0; start < x.length; start += width) {
      let max = -Infinity;
      for (let i = start; i < start + width; i++) max = Math.max(max, x[i]!);
      let sum = 0;
      for (let i = start; i < start + width; i++) {
        const value = Math.exp(x[i]! - max);
        y[i] = value;
        sum += value;
      }
      for (let i = start; i < start + width; i++) y[i] = y[i]! / sum;
    }
    const output = tf.tensor(y, logits.shape);
    (args[1] as tf.GradSaveFunc)([output]);
    return {
      value: output,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const gradient = (dy as tf.Tensor).dataSync() as Float32Array;
        const probabilities = saved[0]!.dataSync() as Float32Array;
        const dx = new Float32Array(gradient.length);
        for (let start = 0; start < gradient.length; start += width) {
          let dot = 0;
          for (let i = start; i < start + width; i++) dot += gradient[i]! * probabilities[i]!;
          for (let i = start; i < start + width; i++) dx[i] = probabilities[i]! * (gradient[i]! - dot);
        }
        return [tf.tensor(dx, logits.shape)];
      },
    };
  });
  return softmax(logits) as T;
}
