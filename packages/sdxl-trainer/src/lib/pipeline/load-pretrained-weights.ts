import * as tf from '@tensorflow/tfjs-core';

import type { Module } from '../nn/module.js';
import { readSafetensorsCheckpoint } from '../safetensors/read-safetensors-checkpoint.js';

/**
 * Loads a component's weights into `module` from `folder`: `<weightsName>[.variant].safetensors`, or
 * the shards its index names. Keys and shapes of the whole checkpoint are checked against the module
 * before any tensor data is read (every missing, unexpected and wrong-shape key is named), and tensors
 * are read one at a time, each becoming a variable before the next is read, so the weights are never
 * held twice. NaN or infinite weights are reported by key.
 */
export async function loadPretrainedWeights(
  module: Module,
  folder: string,
  { weightsName, variant }: { weightsName: string; variant?: string },
): Promise<void> {
  const parameters = module.parameterMap();
  const expected = new Map([...parameters].map(([key, parameter]) => [key, parameter.shape]));
  for await (const tensor of readSafetensorsCheckpoint(folder, {
    weightsName,
    variant,
    expected,
    rejectNonFinite: true,
  })) {
    const value = tf.tensor(tensor.data as Float32Array, tensor.shape, 'float32');
    parameters.get(tensor.name)!.setFromDiffusers(value);
    value.dispose();
  }
}
