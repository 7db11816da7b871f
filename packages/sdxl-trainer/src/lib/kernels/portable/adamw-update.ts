import * as tf from '@tensorflow/tfjs-core';
import type { AdamWUpdateAttrs } from '../../ops/kernel-names.js';
import { withInputTensors } from '../with-input-tensors.js';

/**
 * One variable's AdamW update from tfjs ops, in torch's order of operations (see optim/adamw.ts), the
 * gradient multiplied by `gradientScale` first where one is given.
 */
export function portableAdamWUpdate(args: Parameters<tf.KernelFunc>[0]): tf.Tensor[] {
  const { parameter, gradient, firstMoment, secondMoment, gradientScale } = args.inputs as Record<
    'parameter' | 'gradient' | 'firstMoment' | 'secondMoment',
    tf.TensorInfo
  > & { gradientScale?: tf.TensorInfo };
  const { beta1, beta2, epsilon, stepSize, decay, biasCorrection2Sqrt } =
    args.attrs as unknown as AdamWUpdateAttrs;
  const infos = [parameter, gradient, firstMoment, secondMoment, ...(gradientScale ? [gradientScale] : [])];
  return withInputTensors(args.backend, infos, (p, unscaled, m, v, scale) => {
    const g = scale ? tf.mul(unscaled!, scale) : unscaled;
    const nextM = tf.add(tf.mul(m!, beta1), tf.mul(g!, 1 - beta1));
    const nextV = tf.add(tf.mul(v!, beta2), tf.mul(tf.mul(g!, g!), 1 - beta2));
    const denominator = tf.add(tf.div(tf.sqrt(nextV), biasCorrection2Sqrt), epsilon);
    const nextP = tf.sub(tf.mul(p!, decay), tf.mul(tf.div(nextM, denominator), stepSize));
    return [nextP, nextM, nextV];
  });
}
