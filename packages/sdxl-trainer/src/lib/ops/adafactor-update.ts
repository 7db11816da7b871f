import * as tf from '@tensorflow/tfjs-core';
import '../kernels/register-default-kernels.js';
import { gradientScaleInput } from './gradient-scale-input.js';
import { ADAFACTOR_UPDATE, type AdafactorUpdateAttrs } from './kernel-names.js';

/** One variable's Adafactor state, in PyTorch layout: the factored row and column statistics, or a square. */
export interface AdafactorState {
  firstMoment?: tf.Tensor;
  row?: tf.Tensor;
  column?: tf.Tensor;
  square?: tf.Tensor;
}

/**
 * One variable's Adafactor step as transformers computes it (see optim/adafactor.ts): returns the new
 * parameter (in its memory layout) and the new state (in PyTorch layout). One kernel, so a backend can do
 * it in a pass or two over the values instead of some thirty element-wise ops. `gradientScale`, a scalar,
 * multiplies the gradient (in float32) as it is read: gradient clipping's factor, without a clipped copy.
 */
export function adafactorUpdate(
  parameter: tf.Tensor,
  gradient: tf.Tensor,
  state: AdafactorState,
  attrs: AdafactorUpdateAttrs,
  gradientScale?: tf.Scalar,
): { parameter: tf.Tensor; state: AdafactorState } {
  const names = (['firstMoment', 'row', 'column', 'square'] as const).filter((name) => state[name]);
  const inputs: tf.NamedTensorMap = {
    parameter,
    gradient,
    ...gradientScaleInput('adafactorUpdate', gradientScale),
  };
  for (const name of names) inputs[name] = state[name]!;
  const [next, ...slots] = tf
    .engine()
    .runKernel(ADAFACTOR_UPDATE, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return { parameter: next!, state: Object.fromEntries(names.map((name, i) => [name, slots[i]!])) };
}
