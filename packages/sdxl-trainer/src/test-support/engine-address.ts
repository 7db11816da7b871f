import * as tf from '@tensorflow/tfjs-core';
import { kernelEngine } from '../lib/kernels/cpu/engine/kernel-engine.js';

/** The address of a cpu tensor's storage in the kernel engine's memory, or undefined if it lies elsewhere. */
export function engineAddress(tensor: tf.Tensor): number | undefined {
  const backend = tf.backend() as unknown as { data: { get(id: object): { values: Float32Array } } };
  return kernelEngine().addressOf(backend.data.get(tensor.dataId).values);
}
