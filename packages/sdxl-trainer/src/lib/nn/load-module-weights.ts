import * as tf from '@tensorflow/tfjs-core';
import type { CheckpointLocation } from '../../types/safetensors.js';
import { readSafetensorsCheckpoint } from '../safetensors/read-safetensors-checkpoint.js';
import type { Module } from './module.js';

/**
 * Loads a Hugging Face checkpoint (single file or shards, optional variant and subfolder) into `module`.
 * Every key and shape is checked against the module before any data is read (missing, unexpected and
 * wrong-shape keys are all named); then tensors are read one at a time and each becomes a variable
 * before the next is read, so the weights are never held twice. NaN/Inf weights are reported by key.
 */
export async function loadModuleWeights(
  module: Module,
  dir: string,
  location: CheckpointLocation = {},
): Promise<void> {
  const parameters = module.parameterMap();
  const expected = new Map([...parameters].map(([key, parameter]) => [key, parameter.shape]));
  for await (const tensor of readSafetensorsCheckpoint(dir, {
    ...location,
    expected,
    rejectNonFinite: true,
  })) {
    const value = tf.tensor(tensor.data as Float32Array, tensor.shape, 'float32');
    try {
      parameters.get(tensor.name)!.setFromDiffusers(value);
    } finally {
      value.dispose();
    }
  }
}
