import { DDPMScheduler } from '../scheduler/ddpm-scheduler.js';
import { createTimestepSampler } from '../timesteps/create-timestep-sampler.js';
import { PREDICTION_TYPES, type PredictionType } from '../train-options/types.js';
import { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import { createTrainingOptimizer } from './create-training-optimizer.js';
import { EmaModel } from './ema-model.js';
import { HostEmaModel } from './host-ema-model.js';
import { loadTrainingCheckpoint } from './load-training-checkpoint.js';
import type { TrainingModels, TrainingRun } from './run-types.js';

/**
 * train()'s third phase, once the encoders are released: the UNet to train (--pretrained_unet_model_name_or_path
 * or the pipeline's), the noise scheduler and prediction type, the optimizer (--optimizer_type), the EMA with
 * --use_ema (in host memory with --ema_offload), and the state of the checkpoint resumed from loaded into
 * them. Whatever was built is disposed if a later part fails.
 */
export async function buildTrainingModels(run: TrainingRun): Promise<TrainingModels> {
  const { options, pipelineDir, unetDir, resumeDir, saved, plan, log } = run;
  // A separate UNet (a committed model) is a repo of its own: --variant names the pipeline's files only.
  const unet = unetDir
    ? await UNet2DConditionModel.fromPretrained(unetDir)
    : await UNet2DConditionModel.fromPretrained(pipelineDir, { subfolder: 'unet', variant: options.variant });
  if (unetDir && !resumeDir) log?.info(`Starting from the UNet in ${unetDir}, not the pipeline's unet/`);
  const built: { dispose(): void }[] = [unet];
  try {
    if (options.gradientCheckpointing) unet.enableGradientCheckpointing();
    const scheduler = await DDPMScheduler.fromPretrained(pipelineDir, { subfolder: 'scheduler' });
    const predictionType = trainablePredictionType(
      options.predictionType ?? scheduler.config.prediction_type,
    );
    const variables = unet.trainableVariables();
    const { optimizer, saved: savedOptimizer } = createTrainingOptimizer(
      unet,
      options,
      plan.lrSchedule.baseLr,
    );
    built.push(optimizer);
    const updateInterval = options.emaUpdateInterval;
    const ema = !options.useEma
      ? undefined
      : options.emaOffload
        ? await HostEmaModel.fromVariables(variables, { updateInterval })
        : new EmaModel(variables, undefined, updateInterval);
    if (ema) built.push(ema);
    if (resumeDir && saved) {
      await loadTrainingCheckpoint(resumeDir, saved, { unet, optimizer, ema });
      run.emit({ type: 'resume', checkpoint: resumeDir, step: saved.globalStep });
      log?.info(`Resumed from ${resumeDir} at step ${saved.globalStep}`);
    }
    const sampleTimesteps = createTimestepSampler(plan.timestepBias, scheduler.config.num_train_timesteps);
    return {
      unet,
      variables,
      scheduler,
      predictionType,
      sampleTimesteps,
      optimizer,
      savedOptimizer,
      ema,
      dispose: () => built.forEach((model) => model.dispose()),
    };
  } catch (error) {
    built.forEach((model) => model.dispose());
    throw error;
  }
}

function trainablePredictionType(predictionType: string): PredictionType {
  if (!(PREDICTION_TYPES as readonly string[]).includes(predictionType)) {
    throw new Error(
      `The scheduler's prediction_type is "${predictionType}"; training supports epsilon and v_prediction. Pass --prediction_type.`,
    );
  }
  return predictionType as PredictionType;
}
