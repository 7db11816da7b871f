import * as tf from '@tensorflow/tfjs-core';
import type { AdafactorUpdateAttrs } from '../../ops/kernel-names.js';
import { withInputTensors } from '../with-input-tensors.js';

const SLOTS = ['firstMoment', 'row', 'column', 'square'] as const;

/**
 * One variable's Adafactor step from tfjs ops, transformers' order of operations: the parameter and its
 * gradient are viewed in PyTorch layout (a conv weight kept as [kh, kw, in, out] as [out, in, kh, kw]),
 * so factoring is over the last two PyTorch dimensions. The gradient is multiplied by `gradientScale` first
 * where one is given.
 */
export function portableAdafactorUpdate(args: Parameters<tf.KernelFunc>[0]): tf.Tensor[] {
  const inputs = args.inputs as Record<string, tf.TensorInfo>;
  const attrs = args.attrs as unknown as AdafactorUpdateAttrs;
  const present = SLOTS.filter((name) => inputs[name]);
  const scaled = inputs.gradientScale ? [inputs.gradientScale] : [];
  const infos = [inputs.parameter!, inputs.gradient!, ...scaled, ...present.map((name) => inputs[name]!)];
  return withInputTensors(args.backend, infos, (memoryP, memoryG, ...rest) => {
    const gradientScale = scaled.length > 0 ? rest.shift() : undefined;
    const state = Object.fromEntries(present.map((name, i) => [name, rest[i]!]));
    const toTorch = (t: tf.Tensor) => (attrs.layout === 'conv-hwio' ? tf.transpose(t, [3, 2, 0, 1]) : t);
    const p = toTorch(memoryP!);
    const g = toTorch(gradientScale ? tf.mul(memoryG!, gradientScale) : memoryG!);
    const average = (old: tf.Tensor, value: tf.Tensor, weight: number) =>
      tf.add(tf.mul(old, 1 - weight), tf.mul(value, weight));
    const scale = attrs.scaleParameter ? tf.maximum(rms(p), attrs.epsilon2) : tf.scalar(1);
    const stepSize = tf.mul(scale, attrs.stepSize);
    const squared = tf.add(tf.square(g), attrs.epsilon1);
    const next: tf.Tensor[] = [];
    let update: tf.Tensor;
    if (state.row && state.column) {
      const row = average(state.row, tf.mean(squared, -1), 1 - attrs.beta2t);
      const column = average(state.column, tf.mean(squared, -2), 1 - attrs.beta2t);
      const rowFactor = tf.expandDims(tf.rsqrt(tf.div(row, tf.mean(row, -1, true))), -1);
      update = tf.mul(tf.mul(rowFactor, tf.expandDims(tf.rsqrt(column), -2)), g);
      next.push(row, column);
    } else {
      const square = average(state.square!, squared, 1 - attrs.beta2t);
      update = tf.mul(tf.rsqrt(square), g);
      next.push(square);
    }
    update = tf.mul(tf.div(update, tf.maximum(tf.div(rms(update), attrs.clipThreshold), 1)), stepSize);
    if (state.firstMoment) {
      update = average(state.firstMoment, update, 1 - attrs.beta1);
      next.unshift(update);
    }
    const decayed = attrs.weightDecay === 0 ? p : tf.add(p, tf.mul(p, tf.mul(stepSize, -attrs.weightDecay)));
    const torchResult = tf.sub(decayed, update);
    const result = attrs.layout === 'conv-hwio' ? tf.transpose(torchResult, [2, 3, 1, 0]) : torchResult;
    return [result, ...next];
  });
}

/** Root mean square, norm / sqrt(n), transformers' `_rms`. */
function rms(tensor: tf.Tensor): tf.Scalar {
  return tf.sqrt(tf.div(tf.sum(tf.square(tensor)), tensor.size)) as tf.Scalar;
}
