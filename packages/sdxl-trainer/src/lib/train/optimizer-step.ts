import * as tf from '@tensorflow/tfjs-core';
import type { Adafactor } from '../optim/adafactor.js';
import type { AdamW } from '../optim/adamw.js';
import { clipCoefficient } from '../optim/clip-coefficient.js';
import { trainingLoss, type TrainingLossInput } from './training-loss.js';

export interface OptimizerStepInput {
  /** The trained variables, in the optimizer's order. */
  variables: tf.Variable[];
  optimizer: AdamW | Adafactor;
  /** This step's learning rate; undefined for Adafactor with relative_step, which computes its own. */
  learningRate: number | undefined;
  /** `--max_grad_norm`. */
  maxGradNorm: number;
  /** `--gradient_accumulation_steps`: every micro-batch's loss is divided by it, as accelerate does. */
  accumulationSteps: number;
  /** The step's micro-batches; each builds its loss inputs inside the gradient scope (tensors are freed there). */
  microBatches: AsyncIterable<() => TrainingLossInput>;
}

export interface OptimizerStepResult {
  /** Mean loss of the micro-batches (sum / accumulationSteps, the script's logged train_loss). */
  loss: number;
  /** Total gradient norm before clipping. */
  gradNorm: number;
  /**
   * Whether the weights were updated: an unfused step changes nothing when the loss or the gradient norm is
   * NaN or infinite; a fused one (fusedOptimizerStep) has always updated them by the time it knows.
   */
  applied: boolean;
}

/**
 * One optimizer step of the training loop: forward + backward per micro-batch with the gradients summed,
 * divided by the accumulation steps, clipped to `maxGradNorm` (torch's clip_grad_norm_, the norm of all
 * gradients together), then the optimizer (AdamW or Adafactor) at `learningRate`. The optimizer applies the
 * clipping factor as it reads each gradient, so no clipped copy of the gradients is made. A non-finite loss
 * or gradient norm leaves the weights and the optimizer untouched.
 */
export async function optimizerStep(input: OptimizerStepInput): Promise<OptimizerStepResult> {
  const { variables, optimizer, accumulationSteps } = input;
  let gradSum: tf.Tensor[] | undefined;
  let lossSum = 0;
  for await (const lossInput of input.microBatches) {
    const { loss, grads } = tf.tidy(() => {
      const result = tf.variableGrads(() => trainingLoss(lossInput()).loss, variables);
      return { loss: result.value, grads: variables.map((variable) => result.grads[variable.name]!) };
    });
    // Async reads: a GPU backend cannot read synchronously (webgpu in Node), and a read is where a step waits.
    lossSum += (await loss.data())[0]!;
    loss.dispose();
    if (gradSum) {
      const previous = gradSum;
      gradSum = tf.tidy(() => previous.map((sum, index) => tf.add(sum, grads[index]!)));
      tf.dispose([...previous, ...grads]);
    } else {
      gradSum = grads;
    }
  }
  if (!gradSum) throw new Error('optimizerStep: no micro-batch was given.');
  const summed = gradSum;
  const averaged =
    accumulationSteps === 1 ? summed : tf.tidy(() => summed.map((sum) => tf.div(sum, accumulationSteps)));
  if (accumulationSteps !== 1) tf.dispose(summed);
  const { coefficient, totalNorm } = clipCoefficient(averaged, input.maxGradNorm);
  try {
    const gradNorm = (await totalNorm.data())[0]!;
    const loss = lossSum / accumulationSteps;
    const applied = Number.isFinite(loss) && Number.isFinite(gradNorm);
    if (applied) {
      if (input.learningRate !== undefined) optimizer.learningRate = input.learningRate;
      optimizer.applyGradients(averaged, { gradientScale: coefficient });
    }
    return { loss, gradNorm, applied };
  } finally {
    tf.dispose([...averaged, coefficient, totalNorm]);
  }
}
