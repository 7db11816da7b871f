import path from 'node:path';
import { EulerDiscreteScheduler } from '../scheduler/euler-discrete-scheduler.js';
import { AutoencoderKL } from '../vae/autoencoder-kl.js';
import { evaluateHeldOut } from './evaluate-held-out.js';
import type { TrainingLoop } from './run-types.js';
import { saveTrainingCheckpoint } from './save-training-checkpoint.js';
import { takeTrainingStep } from './take-training-step.js';
import { TrainingInterruptedError } from './training-interrupted-error.js';
import type { TrainingState } from './types.js';
import { writeValidationImages } from './write-validation-images.js';

/**
 * train()'s fourth phase: the optimizer steps from where the run stands to the plan's last one. A new run
 * first evaluates its starting point; after every --validation_epochs-th epoch the held-out loss is
 * measured and the validation images are written, every --checkpointing_steps a checkpoint is saved. Once
 * `hooks.signal` is aborted, the step in progress is finished and saved, then a TrainingInterruptedError
 * names the checkpoint (after the last step the finishing save follows as usual).
 */
export async function runTrainingSteps(loop: TrainingLoop): Promise<void> {
  const { run, state } = loop;
  // The starting point; a resumed run keeps the lines its first part logged.
  if (!run.saved) await evaluateHeldOut(loop, 0, loop.models.ema);
  while (state.globalStep < run.plan.maxTrainSteps) {
    // Stopped before this process trained a step (while evaluating the start): nothing new to save.
    if (run.stopRequested()) throw new TrainingInterruptedError(state.globalStep, state.lastCheckpoint);
    const epoch = await takeTrainingStep(loop);
    const { globalStep } = state;
    const epochEnded =
      globalStep % run.plan.updateStepsPerEpoch === 0 || globalStep === run.plan.maxTrainSteps;
    if (epochEnded && epoch % run.options.validationEpochs === 0) await validateEpoch(loop, epoch);
    if (globalStep % run.options.checkpointingSteps === 0) await saveCheckpoint(loop);
    // After the last step the trained pipeline is saved instead (see finishTraining).
    if (run.stopRequested() && globalStep < run.plan.maxTrainSteps) {
      if (state.checkpointStep !== globalStep) await saveCheckpoint(loop);
      throw new TrainingInterruptedError(globalStep, state.lastCheckpoint);
    }
  }
}

/** The end of a validated epoch: the held-out loss (of the EMA weights with --use_ema), then the sample images. */
async function validateEpoch(loop: TrainingLoop, epoch: number): Promise<void> {
  const { run, models } = loop;
  await evaluateHeldOut(loop, epoch, models.ema);
  const prompt = loop.inputs.validationPrompt;
  if (!prompt || run.stopRequested()) return;
  const { options, pipelineDir, vaeDir } = run;
  const vae = await AutoencoderKL.fromPretrained(vaeDir ?? pipelineDir, {
    subfolder: vaeDir ? undefined : 'vae',
    variant: options.variant,
  });
  try {
    const files = await writeValidationImages({
      unet: models.unet,
      vae,
      scheduler: await EulerDiscreteScheduler.fromPretrained(pipelineDir, { subfolder: 'scheduler' }),
      prompt,
      resolution: options.resolution,
      count: options.numValidationImages,
      seed: run.seed,
      dir: path.join(run.outputDir, 'validation'),
      name: `epoch-${epoch}`,
    });
    run.emit({ type: 'validation', epoch, files });
    run.log?.info(`Validation images of epoch ${epoch}: ${files.join(', ')}`);
  } finally {
    vae.dispose();
  }
}

/** A resumable checkpoint of the step just done (the oldest beyond --checkpoints_total_limit removed). */
async function saveCheckpoint(loop: TrainingLoop): Promise<void> {
  const { run, models, state } = loop;
  const trainingState: TrainingState = {
    format: 1,
    globalStep: state.globalStep,
    seed: run.seed,
    smoothedLoss: state.smoothedLoss,
    ...(models.ema ? { emaOptimizationStep: models.ema.optimizationStep } : {}),
    optimizer: models.savedOptimizer,
    datasetLength: run.dataset.length,
    evalHoldout: run.heldOut.length,
    maxTrainSteps: run.plan.maxTrainSteps,
  };
  state.lastCheckpoint = await saveTrainingCheckpoint({
    outputDir: run.outputDir,
    unet: models.unet,
    optimizer: models.optimizer,
    ema: models.ema,
    state: trainingState,
    totalLimit: run.options.checkpointsTotalLimit,
  });
  state.checkpointStep = state.globalStep;
  run.emit({ type: 'checkpoint', path: state.lastCheckpoint, step: state.globalStep });
  run.log?.info(`Saved ${state.lastCheckpoint}`);
}
