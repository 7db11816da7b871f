import { stat } from 'node:fs/promises';
import path from 'node:path';

import * as tf from '@tensorflow/tfjs-core';

import type { Module } from '../nn/module.js';
import { checkTensorKeys } from '../safetensors/check-tensor-keys.js';
import { checkpointFileNames } from '../safetensors/checkpoint-file-names.js';
import { readSafetensors } from '../safetensors/read-safetensors.js';
import { readSafetensorsHeader } from '../safetensors/read-safetensors-header.js';
import { readSafetensorsIndex } from '../safetensors/read-safetensors-index.js';

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (stats) => stats.isFile(),
    () => false,
  );
}

/**
 * Loads a component's weights into `module` from `folder`: `<weightsName>[.variant].safetensors`, or
 * the shards its `.index.json` names. Keys and shapes of the whole checkpoint are checked against the
 * module before any tensor data is read (every missing, unexpected and wrong-shape key is named), and
 * tensors are read one at a time, each becoming a variable before the next is read, so the weights
 * are never held twice. NaN or infinite weights are reported by key.
 */
export async function loadPretrainedWeights(
  module: Module,
  folder: string,
  { weightsName, variant, what }: { weightsName: string; variant?: string; what: string },
): Promise<void> {
  const names = checkpointFileNames(weightsName, variant);
  const parameters = module.parameterMap();
  const expected = new Map([...parameters].map(([key, parameter]) => [key, parameter.shape]));
  let files: string[];
  const single = path.join(folder, names.single);
  if (await isFile(single)) {
    files = [single];
  } else {
    const index = (
      await Promise.all(
        names.indexCandidates.map(async (name) =>
          (await isFile(path.join(folder, name))) ? name : undefined,
        ),
      )
    ).find((name) => name !== undefined);
    if (index === undefined) {
      throw new Error(
        `${what}: no weights in ${folder}. Expected ${names.single} (or a sharded ${names.index})${variant ? ` for variant "${variant}"` : ''}; check the folder, subfolder and variant.`,
      );
    }
    const { shards } = await readSafetensorsIndex(path.join(folder, index));
    files = shards.map((shard) => path.join(folder, shard));
    const headers = await Promise.all(files.map((file) => readSafetensorsHeader(file)));
    checkTensorKeys(
      path.join(folder, index),
      headers.flatMap((header) => header.tensors),
      expected,
    );
  }
  for (const file of files) {
    const options = files.length === 1 ? { expected, rejectNonFinite: true } : { rejectNonFinite: true };
    for await (const tensor of readSafetensors(file, options)) {
      const value = tf.tensor(tensor.data as Float32Array, tensor.shape, 'float32');
      parameters.get(tensor.name)!.setFromDiffusers(value);
      value.dispose();
    }
  }
}
