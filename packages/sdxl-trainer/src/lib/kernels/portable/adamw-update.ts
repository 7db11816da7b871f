import * as tf from '@tensorflow/tfjs-core';
import type { AdamWUpdateAttrs } from '../../ops/kernel-names.js';
import { adamWFloat32Scalars } from '../adamw-float32-scalars.js';
import { withInputTensors } from '../with-input-tensors.js';

/**
 * One variable's AdamW update from tfjs ops, with torch's float32 scalars and order of operations (see
 * optim/adamw.ts), the gradient multiplied by `gradientScale` first where one is given. tfjs has no fused
 * multiply-add, so the two sums torch fuses with a product are rounded twice here: within a float32 ulp of
 * torch, where the cpu kernel is exact.
 */
export function portableAdamWUpdate(args: Parameters<tf.KernelFunc>[0]): tf.Tensor[] {
  const { parameter, gradient, firstMoment, secondMoment, gradientScale } = args.inputs as Record<
    'parameter' | 'gradient' | 'firstMoment' | 'secondMoment',
    tf.TensorInfo
  > & { gradientScale?: tf.TensorInfo };
  const s = adamWFloat32Scalars(args.attrs as unknown as AdamWUpdateAttrs);
  const infos = [parameter, gradient, firstMoment, secondMoment, ...(gradientScale ? [gradientScale] : [])];
  return withInputTensors(args.backend, infos, (p, unscaled, m, v, scale) => {
    const g = scale ? tf.mul(unscaled!, scale) : unscaled!;
    const nextM = tf.add(tf.mul(m!, s.beta1), tf.mul(g, s.oneMinusBeta1));
    const nextV = tf.add(tf.mul(v!, s.beta2), tf.mul(tf.mul(s.oneMinusBeta2, g), g));
    const denominator = tf.add(tf.div(tf.sqrt(nextV), s.biasCorrection2Sqrt), s.epsilon);
    const nextP = tf.add(tf.mul(p!, s.decay), tf.div(tf.mul(s.negativeStepSize, nextM), denominator));
    return [nextP, nextM, nextV];
  });
}
