import * as tf from '@tensorflow/tfjs-core';
import type { CachedTrainingInput } from './cache-training-inputs.js';

/** A batch of cached samples as the UNet's input tensors (owned by the caller). */
export interface TrainingInputBatch {
  latents: tf.Tensor4D;
  promptEmbeds: tf.Tensor3D;
  pooledPromptEmbeds: tf.Tensor2D;
  timeIds: tf.Tensor2D;
}

/** Stacks per-sample cached arrays (all of one shape) into batch tensors. */
export function stackTrainingInputs(inputs: readonly CachedTrainingInput[]): TrainingInputBatch {
  if (inputs.length === 0) throw new Error('stackTrainingInputs needs at least one sample.');
  return {
    latents: stacked(inputs, (input) => input.latents) as tf.Tensor4D,
    promptEmbeds: stacked(inputs, (input) => input.promptEmbeds) as tf.Tensor3D,
    pooledPromptEmbeds: stacked(inputs, (input) => input.pooledPromptEmbeds) as tf.Tensor2D,
    timeIds: stacked(inputs, (input) => ({ shape: [6], data: input.timeIds })) as tf.Tensor2D,
  };
}

function stacked(
  inputs: readonly CachedTrainingInput[],
  pick: (input: CachedTrainingInput) => { shape: number[]; data: Float32Array },
): tf.Tensor {
  const parts = inputs.map(pick);
  const size = parts[0]!.data.length;
  const values = new Float32Array(size * parts.length);
  parts.forEach((part, index) => {
    if (part.data.length !== size) {
      throw new Error(
        `Cached samples differ in shape (${parts[0]!.shape} vs ${part.shape}); they must share one --resolution.`,
      );
    }
    values.set(part.data, index * size);
  });
  return tf.tensor(values, [parts.length, ...parts[0]!.shape]);
}
