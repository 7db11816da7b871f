import * as tf from '@tensorflow/tfjs-core';
import { gelu } from '../../ops/gelu.js';
import { geluErfPlusOne } from '../../ops/gelu-erf-plus-one.js';
import { withInputTensors } from '../with-input-tensors.js';

/**
 * GEGLU backward from tfjs ops: [dy * gelu(gate), dy * hidden * gelu'(gate)] along the last axis, with
 * gelu'(g) = (erf(g / sqrt 2) + 1) / 2 + g e^(-g^2 / 2) / sqrt(2 pi).
 */
export function portableGegluGrad(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { dy, x } = args.inputs as { dy: tf.TensorInfo; x: tf.TensorInfo };
  return withInputTensors(args.backend, [dy, x], (gradient, input) => {
    const [hidden, gate] = tf.split(input!, 2, -1);
    const erfPlusOne = geluErfPlusOne(gate!);
    const density = tf.mul(tf.exp(tf.mul(tf.mul(gate!, gate!), -0.5)), 1 / Math.sqrt(2 * Math.PI));
    const slope = tf.add(tf.mul(erfPlusOne, 0.5), tf.mul(gate!, density));
    return tf.concat(
      [tf.mul(gradient!, gelu(gate!, erfPlusOne)), tf.mul(tf.mul(gradient!, hidden!), slope)],
      -1,
    );
  });
}
