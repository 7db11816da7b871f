import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadModuleWeights } from '../nn/load-module-weights.js';
import type { AdamW, AdamWMoments } from '../optim/adamw.js';
import { readSafetensors } from '../safetensors/read-safetensors.js';
import type { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import { DamagedCheckpointError } from './damaged-checkpoint-error.js';
import type { EmaModel } from './ema-model.js';
import type { TrainingState } from './types.js';

/** Where one saved tensor goes: its expected shape and what takes its value. */
interface RestoreTarget {
  shape: readonly number[];
  restore: (value: tf.Tensor) => void;
}

/**
 * Restores a checkpoint written by saveTrainingCheckpoint (whose `state` readTrainingState read) into a
 * UNet, its AdamW optimizer and EMA. Every value is float32 as saved, so training continues bit-exactly.
 * Files are read one tensor at a time, each copied into its place before the next is read, so restoring
 * holds at most one tensor beside the model, its moments and its EMA weights. A file that turns out
 * damaged while it is read is a {@link DamagedCheckpointError} naming it (resolveResumeCheckpoint finds
 * truncated files before anything is loaded).
 */
export async function loadTrainingCheckpoint(
  dir: string,
  state: TrainingState,
  parts: TrainingParts,
): Promise<void> {
  if (parts.ema && state.emaOptimizationStep === undefined) {
    throw new Error(
      `${dir} was saved without --use_ema; resume without --use_ema or from a checkpoint that has EMA weights.`,
    );
  }
  try {
    await restoreAll(dir, state, parts);
  } catch (error) {
    throw DamagedCheckpointError.fromReadError(dir, error);
  }
}

interface TrainingParts {
  unet: UNet2DConditionModel;
  optimizer: AdamW;
  ema?: EmaModel;
}

async function restoreAll(dir: string, state: TrainingState, { unet, optimizer, ema }: TrainingParts) {
  await loadModuleWeights(unet, path.join(dir, 'unet'));
  const keys = [...unet.namedParameters()].map(([key]) => key);
  const shapes = unet.trainableVariables().map((variable) => variable.shape);
  const moment = (index: number, name: keyof AdamWMoments): RestoreTarget => ({
    shape: shapes[index]!,
    restore: (value) => optimizer.setMoments(index, { [name]: value }),
  });
  await restoreTensors(
    path.join(dir, 'optimizer.safetensors'),
    new Map(
      keys.flatMap((key, index) => [
        [`exp_avg.${key}`, moment(index, 'firstMoment')],
        [`exp_avg_sq.${key}`, moment(index, 'secondMoment')],
      ]),
    ),
  );
  optimizer.step = state.globalStep;
  if (ema) {
    await restoreTensors(
      path.join(dir, 'ema.safetensors'),
      new Map(
        keys.map((key, index) => [
          key,
          { shape: shapes[index]!, restore: (value) => ema.shadow[index]!.assign(value) },
        ]),
      ),
    );
    ema.optimizationStep = state.emaOptimizationStep!;
  }
}

/** Streams `file` (whose keys and shapes must be exactly `targets`') into its targets. */
async function restoreTensors(file: string, targets: ReadonlyMap<string, RestoreTarget>): Promise<void> {
  const expected = new Map([...targets].map(([name, { shape }]) => [name, shape]));
  for await (const tensor of readSafetensors(file, { expected })) {
    const value = tf.tensor(tensor.data as Float32Array, tensor.shape, 'float32');
    try {
      targets.get(tensor.name)!.restore(value);
    } finally {
      value.dispose();
    }
  }
}
