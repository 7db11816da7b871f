import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadModuleWeights } from '../nn/load-module-weights.js';
import type { Adafactor } from '../optim/adafactor.js';
import type { AdamW } from '../optim/adamw.js';
import { readSafetensors } from '../safetensors/read-safetensors.js';
import type { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import { DamagedCheckpointError } from './damaged-checkpoint-error.js';
import { optimizerStateKey } from './optimizer-state-key.js';
import type { AveragedWeights, TrainingState } from './types.js';

/** Where one saved tensor goes: its expected shape and what takes its values. */
interface RestoreTarget {
  shape: readonly number[];
  restore: (values: Float32Array) => void;
}

/**
 * Restores a checkpoint written by saveTrainingCheckpoint (whose `state` readTrainingState read) into a
 * UNet, its optimizer (AdamW or Adafactor, the one that wrote it: see checkResumableOptimizer) and EMA (on
 * the device or in host memory). Every value is float32 as saved, so training continues bit-exactly.
 * Files are read one tensor at a time, each copied into its place before the next is read, so restoring
 * holds at most one tensor beside the model, its optimizer state and its EMA weights. A file that turns out
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
  optimizer: AdamW | Adafactor;
  ema?: AveragedWeights;
}

async function restoreAll(dir: string, state: TrainingState, { unet, optimizer, ema }: TrainingParts) {
  await loadModuleWeights(unet, path.join(dir, 'unet'));
  const keys = [...unet.namedParameters()].map(([key]) => key);
  await restoreTensors(
    path.join(dir, 'optimizer.safetensors'),
    new Map(
      [...optimizer.stateTensors()].map(([name, tensor]) => [
        optimizerStateKey(name, keys),
        {
          shape: tensor.shape,
          restore: (values) => restoreStateTensor(optimizer, name, values, tensor.shape),
        },
      ]),
    ),
  );
  optimizer.step = state.globalStep;
  if (ema) {
    const shapes = unet.trainableVariables().map((variable) => variable.shape);
    await restoreTensors(
      path.join(dir, 'ema.safetensors'),
      new Map(
        keys.map((key, index) => [
          key,
          { shape: shapes[index]!, restore: (values) => ema.setShadow(index, values) },
        ]),
      ),
    );
    ema.optimizationStep = state.emaOptimizationStep!;
  }
}

function restoreStateTensor(
  optimizer: AdamW | Adafactor,
  name: string,
  values: Float32Array,
  shape: readonly number[],
): void {
  const value = tf.tensor(values, [...shape], 'float32');
  try {
    optimizer.setStateTensor(name, value);
  } finally {
    value.dispose();
  }
}

/** Streams `file` (whose keys and shapes must be exactly `targets`') into its targets. */
async function restoreTensors(file: string, targets: ReadonlyMap<string, RestoreTarget>): Promise<void> {
  const expected = new Map([...targets].map(([name, { shape }]) => [name, shape]));
  for await (const tensor of readSafetensors(file, { expected })) {
    targets.get(tensor.name)!.restore(tensor.data as Float32Array);
  }
}
