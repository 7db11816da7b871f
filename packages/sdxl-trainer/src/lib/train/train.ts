import type { TrainOptions } from '../train-options/types.js';
import { buildTrainingModels } from './build-training-models.js';
import { cacheTrainingRun } from './cache-training-run.js';
import { finishTraining } from './finish-training.js';
import { openMetricsLog } from './open-metrics-log.js';
import { planTrainingRun } from './plan-training-run.js';
import { runTrainingSteps } from './run-training-steps.js';
import type { TrainingLoopState } from './run-types.js';
import { TrainingInterruptedError } from './training-interrupted-error.js';
import type { TrainHooks, TrainResult } from './types.js';

/**
 * Fine-tunes the SDXL UNet of a local pipeline folder as diffusers' train_text_to_image_sdxl.py does:
 * caches VAE latents and prompt embeddings on disk (then releases the VAE and text encoders), trains
 * with DDPM noising, offset noise, biased timesteps, epsilon / v-prediction targets, min-SNR weighting,
 * gradient accumulation, clipping, AdamW or Adafactor (--optimizer_type; with --fused_backward_pass updated
 * inside the backward pass), the LR schedule and optional EMA (in host memory with --ema_offload); writes
 * resumable checkpoints every --checkpointing_steps and finally the pipeline with the trained UNet to
 * --output_dir. With
 * --eval_holdout it sets that many samples aside and reports their validator loss (the subnet's scoring
 * loss) before training, every --validation_epochs and at the end.
 *
 * Randomness is keyed, not carried: the data order by (seed, epoch), each sample's augmentation by
 * (seed, index), each micro-batch's noise and timesteps by (seed, step, micro-batch). A run resumed from
 * a checkpoint therefore ends with exactly the weights of an uninterrupted run with the same seed.
 * --pretrained_unet_model_name_or_path starts from another UNet folder (e.g. the subnet's best model),
 * checked against the pipeline's encoders and VAE before anything is cached.
 * Hub ids are not downloaded here (that is the CLI's and the miner's job): pass a local folder.
 *
 * It runs in phases, each in a file of its own: planTrainingRun (checks, resume point, seed, data, steps),
 * cacheTrainingRun, buildTrainingModels, runTrainingSteps (the step loop, whose state is one
 * TrainingLoopState) and finishTraining (the trained pipeline saved). With `hooks.dataset` (the
 * --train_data_dir the caller already indexed) the images are not indexed, so not decoded, a second time.
 *
 * `hooks.signal` stops a run without losing work: once it is aborted, the step in progress finishes, a
 * checkpoint of it is saved and train rejects with a {@link TrainingInterruptedError} naming it (evaluations
 * and validation images still due are skipped). Aborted before the first step (while caching), it rejects at
 * once: nothing was trained. Aborted after the last step, only the final evaluation is skipped and the
 * trained pipeline is saved as usual.
 */
export async function train(options: TrainOptions, hooks: TrainHooks = {}): Promise<TrainResult> {
  const run = await planTrainingRun(options, hooks);
  const state: TrainingLoopState = {
    globalStep: run.saved?.globalStep ?? 0,
    smoothedLoss: run.saved?.smoothedLoss ?? null,
    firstSmoothedLoss: undefined,
    lastCheckpoint: run.resumeDir,
    checkpointStep: run.saved?.globalStep,
    firstEvalLoss: undefined,
    lastEvalLoss: undefined,
    lastEvalStep: undefined,
  };
  const held: { dispose(): void }[] = [];
  try {
    const inputs = await cacheTrainingRun(run);
    held.push(inputs);
    const models = await buildTrainingModels(run);
    held.push(models);
    const metrics = await openMetricsLog(options.loggingDir, run.saved?.globalStep);
    const loop = {
      run,
      inputs,
      models,
      metrics,
      state,
      startStep: state.globalStep,
      started: performance.now(),
    };
    await runTrainingSteps(loop);
    return await finishTraining(loop);
  } catch (error) {
    // Caching and the first evaluation stop by throwing the signal's reason: nothing was trained yet.
    if (run.stopRequested() && error === hooks.signal?.reason) {
      throw new TrainingInterruptedError(state.globalStep, state.lastCheckpoint, { cause: error });
    }
    throw error;
  } finally {
    held.forEach((resource) => resource.dispose());
    await run.close();
  }
}
