import * as tf from '@tensorflow/tfjs-core';
import type { GradientSink } from '../nn/checkpoint.js';
import type { Adafactor } from '../optim/adafactor.js';
import { clipCoefficient } from '../optim/clip-coefficient.js';
import type { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import type { OptimizerStepResult } from './optimizer-step.js';
import { trainingLoss, type TrainingLossInput } from './training-loss.js';

export interface FusedOptimizerStepInput {
  /** With gradient checkpointing on: its blocks hand their gradients to the step inside the backward pass. */
  unet: UNet2DConditionModel;
  optimizer: Adafactor;
  /** This step's learning rate; undefined with relative_step, where Adafactor computes its own. */
  learningRate: number | undefined;
  /** `--max_grad_norm`, applied to each tensor's gradient on its own. */
  maxGradNorm: number;
  /** The step's one micro-batch (a fused pass cannot accumulate), built inside the gradient scope. */
  microBatches: AsyncIterable<() => TrainingLossInput>;
}

/**
 * One optimizer step with kohya's fused backward pass (`--fused_backward_pass`): Adafactor's step begins,
 * then during the backward pass each checkpointed block's gradients are clipped, tensor by tensor, to
 * `maxGradNorm` (kohya's rule: the norm of all gradients together is not known until every block has been
 * updated) and its parameters updated at once, inside the block's recomputation, and those gradients
 * freed; the parameters outside the blocks (`unet.unfusedVariables()`, ~2% of SDXL) are updated with the
 * same rule right after. So no more than one block's gradients exist at a time.
 *
 * The reported gradient norm is that of all gradients before clipping: each tensor's squared norm is added
 * to a device scalar as it comes (no gradient is kept), read once after the pass together with the loss
 * (asynchronously: webgpu cannot read synchronously). A NaN or infinite loss or norm can therefore only be
 * seen after the weights were updated: `applied` is always true, and the caller stops training
 * (TrainingDivergedError), dropping these weights.
 */
export async function fusedOptimizerStep(input: FusedOptimizerStepInput): Promise<OptimizerStepResult> {
  const { unet, optimizer, maxGradNorm } = input;
  const lossInput = await onlyMicroBatch(input.microBatches);
  if (!unet.isGradientCheckpointing) {
    throw new Error(
      'fusedOptimizerStep needs gradient checkpointing: call unet.enableGradientCheckpointing().',
    );
  }
  if (input.learningRate !== undefined) optimizer.learningRate = input.learningRate;
  let squaredNorms = tf.scalar(0);
  const update: GradientSink = (variables, grads) =>
    tf.tidy(() => {
      // Each tensor's own clipping factor, applied by Adafactor as it reads the gradient (no clipped copy).
      const gradientScales = grads.map((grad) => {
        const { coefficient, totalNorm } = clipCoefficient([grad], maxGradNorm);
        const previous = squaredNorms;
        squaredNorms = tf.keep(tf.add(previous, tf.square(totalNorm)));
        previous.dispose();
        return coefficient;
      });
      optimizer.updateVariables(variables, grads, { gradientScales });
    });
  optimizer.beginStep();
  unet.enableGradientCheckpointing(true, { gradientSink: update });
  let loss: tf.Scalar | undefined;
  try {
    loss = tf.tidy(() => {
      const rest = unet.unfusedVariables();
      const { value, grads } = tf.variableGrads(() => trainingLoss(lossInput()).loss, rest);
      update(
        rest,
        rest.map((variable) => grads[variable.name]!),
      );
      return value;
    });
    const [lossValue, squared] = await Promise.all([loss.data(), squaredNorms.data()]);
    return { loss: lossValue[0]!, gradNorm: Math.sqrt(squared[0]!), applied: true };
  } finally {
    unet.enableGradientCheckpointing(true);
    tf.dispose([squaredNorms, ...(loss ? [loss] : [])]);
  }
}

async function onlyMicroBatch(
  microBatches: AsyncIterable<() => TrainingLossInput>,
): Promise<() => TrainingLossInput> {
  let only: (() => TrainingLossInput) | undefined;
  for await (const microBatch of microBatches) {
    if (only) {
      throw new Error(
        'fusedOptimizerStep takes one micro-batch: a fused backward pass cannot accumulate gradients (--gradient_accumulation_steps 1).',
      );
    }
    only = microBatch;
  }
  if (!only) throw new Error('fusedOptimizerStep: no micro-batch was given.');
  return only;
}
