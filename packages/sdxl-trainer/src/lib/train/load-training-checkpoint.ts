import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadModuleWeights } from '../nn/load-module-weights.js';
import type { AdamW } from '../optim/adamw.js';
import { loadSafetensors } from '../safetensors/load-safetensors.js';
import type { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import type { EmaModel } from './ema-model.js';
import type { TrainingState } from './types.js';

/**
 * Restores a checkpoint written by saveTrainingCheckpoint (whose `state` readTrainingState read) into a
 * UNet, its AdamW optimizer and EMA. Every value is float32 as saved, so training continues bit-exactly.
 */
export async function loadTrainingCheckpoint(
  dir: string,
  state: TrainingState,
  { unet, optimizer, ema }: { unet: UNet2DConditionModel; optimizer: AdamW; ema?: EmaModel },
): Promise<void> {
  await loadModuleWeights(unet, path.join(dir, 'unet'));
  const keys = [...unet.namedParameters()].map(([key]) => key);
  const read = async (file: string, name: (key: string) => string) => {
    const tensors = await loadSafetensors(path.join(dir, file));
    return keys.map((key) => {
      const tensor = tensors.get(name(key));
      if (!tensor)
        throw new Error(
          `${path.join(dir, file)} has no tensor "${name(key)}": the checkpoint is incomplete or of another model.`,
        );
      return tf.tensor(tensor.data as Float32Array, tensor.shape, 'float32');
    });
  };
  const firstMoments = await read('optimizer.safetensors', (key) => `exp_avg.${key}`);
  const secondMoments = await read('optimizer.safetensors', (key) => `exp_avg_sq.${key}`);
  optimizer.setState({ step: state.globalStep, firstMoments, secondMoments });
  tf.dispose([...firstMoments, ...secondMoments]);
  if (ema) {
    if (state.emaOptimizationStep === undefined) {
      throw new Error(
        `${dir} was saved without --use_ema; resume without --use_ema or from a checkpoint that has EMA weights.`,
      );
    }
    const shadow = await read('ema.safetensors', (key) => key);
    shadow.forEach((value, index) => ema.shadow[index]!.assign(value));
    ema.optimizationStep = state.emaOptimizationStep;
    tf.dispose(shadow);
  }
}
