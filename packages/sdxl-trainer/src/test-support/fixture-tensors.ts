import * as tf from '@tensorflow/tfjs-core';

import { loadSafetensors } from '../lib/safetensors/load-safetensors.js';
import type { LoadedTensor } from '../types/safetensors.js';

/** Reads fixture tensors by name (all of them when `names` is absent). */
export async function loadFixture(file: string, names?: string[]): Promise<Map<string, LoadedTensor>> {
  return loadSafetensors(file, names ? { names } : {});
}

/** A fixture tensor's values as plain numbers (int64 ids included). */
export function fixtureValues(tensors: Map<string, LoadedTensor>, name: string): number[] {
  const tensor = tensors.get(name);
  if (!tensor) throw new Error(`fixture has no tensor ${name}`);
  return Array.from(tensor.data as ArrayLike<number | bigint>, Number);
}

/** A float fixture tensor as a tf tensor of its own shape. */
export function fixtureTensor(tensors: Map<string, LoadedTensor>, name: string): tf.Tensor {
  const tensor = tensors.get(name);
  if (!tensor) throw new Error(`fixture has no tensor ${name}`);
  return tf.tensor(tensor.data as Float32Array, tensor.shape, 'float32');
}

/** Max |actual - expected| after checking the shapes agree. */
export function maxAbsDiff(actual: tf.Tensor | Float32Array, expected: LoadedTensor | undefined): number {
  if (!expected) throw new Error('expected tensor missing from the fixture');
  const values = actual instanceof Float32Array ? actual : (actual.dataSync() as Float32Array);
  if (!(actual instanceof Float32Array)) expect(actual.shape).toEqual(expected.shape);
  expect(values.length).toBe((expected.data as Float32Array).length);
  let max = 0;
  const reference = expected.data as Float32Array;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]! - reference[i]!));
  return Number.isNaN(max) ? Infinity : max;
}
