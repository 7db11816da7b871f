import { randomInt } from 'node:crypto';
import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { toFileSystemError, writeFileAtomic, type FileErrorContext } from '@pixel/files';
import * as tf from '@tensorflow/tfjs-core';
import { openImageFolder } from '../data/open-image-folder.js';
import { learningRateAt } from '../lr-schedule/learning-rate-at.js';
import { AdamW } from '../optim/adamw.js';
import { SdxlPromptEncoder, type PromptEmbeddings } from '../pipeline/sdxl-prompt-encoder.js';
import { epochOrder } from '../random/epoch-order.js';
import { RandomGenerator } from '../random/random-generator.js';
import { DDPMScheduler } from '../scheduler/ddpm-scheduler.js';
import { EulerDiscreteScheduler } from '../scheduler/euler-discrete-scheduler.js';
import { createTimestepSampler } from '../timesteps/create-timestep-sampler.js';
import { checkUnetFitsPipeline } from '../train-options/check-unet-fits-pipeline.js';
import { planTraining } from '../train-options/plan-training.js';
import { trainingPosition } from '../train-options/training-position.js';
import type { PredictionType, TrainOptions } from '../train-options/types.js';
import { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import { AutoencoderKL } from '../vae/autoencoder-kl.js';
import { cachePipelineInputs } from './cache-pipeline-inputs.js';
import { drawStepNoise } from './draw-step-noise.js';
import { EmaModel } from './ema-model.js';
import { heldOutLoss } from './held-out-loss.js';
import { holdOutSamples } from './hold-out-samples.js';
import { loadTrainingCheckpoint } from './load-training-checkpoint.js';
import { optimizerStep } from './optimizer-step.js';
import { readTrainingState } from './read-training-state.js';
import { resolveResumeCheckpoint } from './resolve-resume-checkpoint.js';
import { saveTrainedPipeline } from './save-trained-pipeline.js';
import { saveTrainingCheckpoint } from './save-training-checkpoint.js';
import { stackTrainingInputs } from './stack-training-inputs.js';
import { TrainingDivergedError } from './training-diverged-error.js';
import { TrainingInterruptedError } from './training-interrupted-error.js';
import type { TrainEvent, TrainHooks, TrainResult, TrainingState } from './types.js';
import { VALIDATOR_LOSS } from './validator-losses.js';
import { writeValidationImages } from './write-validation-images.js';

/** Weight of the newest loss in the smoothed curve. */
const SMOOTHING = 0.05;
/** What a failed write of metrics.jsonl says to do besides freeing space or fixing permissions. */
const METRICS_FILE_CONTEXT: FileErrorContext = {
  action: 'write the training log',
  elsewhere: 'or choose another folder with --logging_dir',
};

/**
 * Fine-tunes the SDXL UNet of a local pipeline folder as diffusers' train_text_to_image_sdxl.py does:
 * caches VAE latents and prompt embeddings on disk (then releases the VAE and text encoders), trains
 * with DDPM noising, offset noise, biased timesteps, epsilon / v-prediction targets, min-SNR weighting,
 * gradient accumulation, clipping, AdamW, the LR schedule and optional EMA; writes resumable checkpoints
 * every --checkpointing_steps and finally the pipeline with the trained UNet to --output_dir. With
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
 * `hooks.signal` stops a run without losing work: once it is aborted, the step in progress finishes, a
 * checkpoint of it is saved and train rejects with a {@link TrainingInterruptedError} naming it (evaluations
 * and validation images still due are skipped). Aborted before the first step (while caching), it rejects at
 * once: nothing was trained. Aborted after the last step, only the final evaluation is skipped and the
 * trained pipeline is saved as usual.
 */
export async function train(options: TrainOptions, hooks: TrainHooks = {}): Promise<TrainResult> {
  const emit = (event: TrainEvent) => hooks.onEvent?.(event);
  const log = hooks.logger;
  const pipelineDir = await requireFolder(
    options.pretrainedModelNameOrPath,
    '--pretrained_model_name_or_path',
  );
  const vaeDir = options.pretrainedVaeModelNameOrPath
    ? await requireFolder(options.pretrainedVaeModelNameOrPath, '--pretrained_vae_model_name_or_path')
    : undefined;
  const unetDir = options.pretrainedUnetModelNameOrPath
    ? await requireFolder(options.pretrainedUnetModelNameOrPath, '--pretrained_unet_model_name_or_path')
    : undefined;
  if (unetDir) await checkUnetFitsPipeline({ unetDir, pipelineDir, vaeDir });
  const outputDir = path.resolve(options.outputDir);
  if (outputDir === pipelineDir) {
    throw new Error(
      `--output_dir ${outputDir} is the source pipeline; choose another folder for the trained model.`,
    );
  }
  await mkdir(outputDir, { recursive: true }).catch((error: unknown) => {
    throw toFileSystemError(error, outputDir, {
      action: 'create the output folder',
      elsewhere: 'or choose another folder with --output_dir',
    });
  });

  const resumeDir = options.resumeFromCheckpoint
    ? await resolveResumeCheckpoint(outputDir, options.resumeFromCheckpoint, {
        onWarning: (message) => log?.warn(message),
      })
    : undefined;
  if (options.resumeFromCheckpoint && !resumeDir) {
    log?.warn(`No checkpoint in ${outputDir} to resume from ("latest"); starting a new training run.`);
  }
  const saved = resumeDir ? await readTrainingState(resumeDir) : undefined;
  const seed = saved?.seed ?? options.seed ?? randomInt(2 ** 31);
  if (saved && options.seed !== undefined && options.seed !== saved.seed) {
    log?.warn(
      `--seed ${options.seed} differs from the checkpoint's seed ${saved.seed}; the checkpoint's seed is used so the run continues exactly.`,
    );
  }
  if (options.seed === undefined && !saved)
    log?.info(`No --seed given: using seed ${seed} (saved with checkpoints).`);

  const dataset = await openImageFolder({
    directory: options.trainDataDir,
    imageColumn: options.imageColumn,
    captionColumn: options.captionColumn,
    maxTrainSamples: options.maxTrainSamples,
    seed,
    onWarning: (message) => log?.warn(message),
  });
  const disposables: { dispose(): void }[] = [];
  const signal = hooks.signal;
  const stopRequested = () => signal?.aborted === true;
  let globalStep = saved?.globalStep ?? 0;
  let lastCheckpoint = resumeDir;
  try {
    if (saved && saved.datasetLength !== dataset.length) {
      throw new Error(
        `${resumeDir} was trained on ${saved.datasetLength} samples, but ${dataset.metadataPath} now has ${dataset.length}. Resume with the same data, or start a new run in another --output_dir.`,
      );
    }
    if (saved && (saved.evalHoldout ?? 0) !== options.evalHoldout) {
      throw new Error(
        `${resumeDir} was trained with --eval_holdout ${saved.evalHoldout ?? 0}, this run asks for ${options.evalHoldout}: another hold-out changes which samples are trained on. Resume with --eval_holdout ${saved.evalHoldout ?? 0}, or start a new run in another --output_dir.`,
      );
    }
    const { training, heldOut } = holdOutSamples(dataset, options.evalHoldout, seed);
    const plan = planTraining(options, training.length);
    log?.info(
      `${training.length} samples${heldOut.length > 0 ? ` (${heldOut.length} more held out for the evaluation loss)` : ''}, ${plan.batchesPerEpoch} batches per epoch, ${plan.maxTrainSteps} optimizer steps (${plan.numTrainEpochs} epochs), total batch size ${plan.totalBatchSize}`,
    );

    const trainingCacheDir =
      hooks.trainingCacheDir ??
      path.join(options.cacheDir ?? path.join(homedir(), '.cache', 'pixel'), 'pixel-training-cache');
    // One progress bar over both passes: the training samples, then the held-out ones. The held-out
    // samples get the validator's preprocessing (random crop drawn with its seed, no flip, every caption
    // kept), so the evaluation loss estimates the score a validator would give on unseen images.
    let trainingReused = 0;
    const caches = await cachePipelineInputs(
      {
        pipelineDir,
        vaeDir,
        variant: options.variant,
        cacheDir: trainingCacheDir,
        resolution: options.resolution,
        signal: hooks.signal,
        onEncodersLoading: () => log?.info('Encoding latents and prompt embeddings into the training cache'),
      },
      [
        {
          dataset: training,
          seed,
          centerCrop: options.centerCrop,
          randomFlip: options.randomFlip,
          proportionEmptyPrompts: options.proportionEmptyPrompts,
          onProgress: (progress) => {
            trainingReused = progress.reused;
            emit({ type: 'cache', ...progress, total: dataset.length });
          },
        },
        ...(heldOut.length > 0
          ? [
              {
                dataset: heldOut,
                seed: VALIDATOR_LOSS.seed,
                centerCrop: false,
                randomFlip: false,
                proportionEmptyPrompts: 0,
                onProgress: ({ done, reused }: { done: number; reused: number }) =>
                  emit({
                    type: 'cache',
                    done: training.length + done,
                    total: dataset.length,
                    reused: trainingReused + reused,
                  }),
              },
            ]
          : []),
      ],
    );
    const cache = caches[0]!;
    const heldOutCache = caches[1];
    const encoded = cache.encoded + (heldOutCache?.encoded ?? 0);
    const reused = cache.reused + (heldOutCache?.reused ?? 0);
    const validationPrompt = options.validationPrompt
      ? await encodeOnce(pipelineDir, options.variant, options.validationPrompt)
      : undefined;
    if (validationPrompt) disposables.push({ dispose: () => tf.dispose(Object.values(validationPrompt)) });
    emit({ type: 'cache-done', encoded, reused, cacheDir: trainingCacheDir });
    log?.info(`Training cache ${trainingCacheDir}: ${encoded} samples encoded, ${reused} reused`);

    // A separate UNet (a committed model) is a repo of its own: --variant names the pipeline's files only.
    const unet = unetDir
      ? await UNet2DConditionModel.fromPretrained(unetDir)
      : await UNet2DConditionModel.fromPretrained(pipelineDir, {
          subfolder: 'unet',
          variant: options.variant,
        });
    if (unetDir && !resumeDir) log?.info(`Starting from the UNet in ${unetDir}, not the pipeline's unet/`);
    disposables.push(unet);
    if (options.gradientCheckpointing) unet.enableGradientCheckpointing();
    const scheduler = await DDPMScheduler.fromPretrained(pipelineDir, { subfolder: 'scheduler' });
    const predictionType = options.predictionType ?? scheduler.config.prediction_type;
    if (predictionType !== 'epsilon' && predictionType !== 'v_prediction') {
      throw new Error(
        `The scheduler's prediction_type is "${predictionType}"; training supports epsilon and v_prediction. Pass --prediction_type.`,
      );
    }
    const variables = unet.trainableVariables();
    const optimizer = new AdamW(variables, {
      learningRate: plan.lrSchedule.baseLr,
      beta1: options.adamBeta1,
      beta2: options.adamBeta2,
      weightDecay: options.adamWeightDecay,
      epsilon: options.adamEpsilon,
    });
    disposables.push(optimizer);
    const ema = options.useEma ? new EmaModel(variables) : undefined;
    if (ema) disposables.push(ema);
    if (resumeDir && saved) {
      await loadTrainingCheckpoint(resumeDir, saved, { unet, optimizer, ema });
      emit({ type: 'resume', checkpoint: resumeDir, step: saved.globalStep });
      log?.info(`Resumed from ${resumeDir} at step ${saved.globalStep}`);
    }

    const sampleTimesteps = createTimestepSampler(plan.timestepBias, scheduler.config.num_train_timesteps);
    const metricsFile = path.join(path.resolve(options.loggingDir), 'metrics.jsonl');
    await mkdir(path.dirname(metricsFile), { recursive: true }).catch((error: unknown) => {
      throw toFileSystemError(error, path.dirname(metricsFile), {
        ...METRICS_FILE_CONTEXT,
        action: 'create the log folder',
      });
    });
    const appendMetrics = (line: Record<string, number>) =>
      appendFile(metricsFile, `${JSON.stringify(line)}\n`).catch((error: unknown) => {
        throw toFileSystemError(error, metricsFile, METRICS_FILE_CONTEXT);
      });
    // Steps a killed run logged after its last checkpoint are done again: drop them so the curve has one line per step.
    if (saved) await truncateMetrics(metricsFile, saved.globalStep);
    let smoothedLoss = saved?.smoothedLoss ?? null;
    let firstSmoothedLoss: number | undefined;
    let checkpointStep = saved?.globalStep;
    const startStep = globalStep;
    const started = performance.now();
    const state = (): TrainingState => ({
      format: 1,
      globalStep,
      seed,
      smoothedLoss,
      ...(ema ? { emaOptimizationStep: ema.optimizationStep } : {}),
      datasetLength: dataset.length,
      evalHoldout: heldOut.length,
      maxTrainSteps: plan.maxTrainSteps,
    });
    let firstEvalLoss: number | undefined;
    let lastEvalLoss: number | undefined;
    let lastEvalStep: number | undefined;
    /**
     * The held-out loss of the weights as they are now, or of the EMA weights given (swapped in and back
     * out). Skipped, or dropped half-way, once a stop is requested: it changes no weights.
     */
    const evaluate = async (epoch: number, averaged: EmaModel | undefined) => {
      if (!heldOutCache || stopRequested()) return;
      const samples = heldOutCache.length;
      let loss: number;
      try {
        loss = await heldOutLoss({ unet, scheduler, inputs: heldOutCache, ema: averaged, signal });
      } catch (error) {
        if (stopRequested() && error === signal?.reason) return;
        throw error;
      }
      firstEvalLoss ??= loss;
      lastEvalLoss = loss;
      lastEvalStep = globalStep;
      emit({ type: 'eval', step: globalStep, epoch, loss, samples });
      log?.info(
        `Evaluation loss at step ${globalStep} (epoch ${epoch}): ${loss.toFixed(4)} on ${samples} held-out sample${samples === 1 ? '' : 's'}`,
      );
      await appendMetrics({ step: globalStep, epoch, eval_loss: loss, eval_samples: samples });
    };
    const checkpoint = async () => {
      lastCheckpoint = await saveTrainingCheckpoint({
        outputDir,
        unet,
        optimizer,
        ema,
        state: state(),
        totalLimit: options.checkpointsTotalLimit,
      });
      checkpointStep = globalStep;
      emit({ type: 'checkpoint', path: lastCheckpoint, step: globalStep });
      log?.info(`Saved ${lastCheckpoint}`);
    };
    // The starting point; a resumed run keeps the lines its first part logged.
    if (!saved) await evaluate(0, ema);

    while (globalStep < plan.maxTrainSteps) {
      // Stopped before this process trained a step (while evaluating the start): nothing new to save.
      if (stopRequested()) throw new TrainingInterruptedError(globalStep, lastCheckpoint);
      const { epoch, batchInEpoch } = trainingPosition(plan, globalStep);
      const order = epochOrder(training.length, seed, epoch);
      const lastBatch = Math.min(batchInEpoch + plan.gradientAccumulationSteps, plan.batchesPerEpoch);
      const stepIndex = globalStep;
      const lr = learningRateAt(plan.lrSchedule, globalStep);
      async function* microBatches() {
        for (let batch = batchInEpoch; batch < lastBatch; batch++) {
          const indices = order.subarray(
            batch * options.trainBatchSize,
            (batch + 1) * options.trainBatchSize,
          );
          const inputs = await Promise.all(Array.from(indices, (index) => cache.read(index)));
          const latentShape = [inputs.length, ...inputs[0]!.latents.shape] as [
            number,
            number,
            number,
            number,
          ];
          const random = RandomGenerator.fromSeed(seed, 'step', stepIndex, batch - batchInEpoch);
          const { noise, timesteps } = drawStepNoise(
            random,
            latentShape,
            options.noiseOffset,
            sampleTimesteps,
          );
          yield () => ({
            unet,
            scheduler,
            ...stackTrainingInputs(inputs),
            noise: tf.tensor4d(noise, latentShape),
            timesteps,
            predictionType: predictionType as PredictionType,
            snrGamma: options.snrGamma,
          });
        }
      }
      const {
        loss: lossValue,
        gradNorm,
        applied,
      } = await optimizerStep({
        variables,
        optimizer,
        learningRate: lr,
        maxGradNorm: options.maxGradNorm,
        accumulationSteps: plan.gradientAccumulationSteps,
        microBatches: microBatches(),
      });
      if (!applied) throw new TrainingDivergedError(globalStep + 1, lossValue, gradNorm, lastCheckpoint);
      ema?.step();
      globalStep += 1;
      smoothedLoss =
        smoothedLoss === null ? lossValue : smoothedLoss + SMOOTHING * (lossValue - smoothedLoss);
      firstSmoothedLoss ??= smoothedLoss;
      const seconds = (performance.now() - started) / 1000;
      const stepsPerSecond = (globalStep - startStep) / seconds;
      emit({
        type: 'step',
        step: globalStep,
        maxTrainSteps: plan.maxTrainSteps,
        epoch,
        loss: lossValue,
        smoothedLoss,
        lr,
        gradNorm,
        stepsPerSecond,
        etaSeconds: (plan.maxTrainSteps - globalStep) / stepsPerSecond,
        seconds,
      });
      await appendMetrics({
        step: globalStep,
        epoch,
        loss: lossValue,
        smoothed_loss: smoothedLoss,
        lr,
        grad_norm: gradNorm,
        seconds,
      });
      const epochEnded = globalStep % plan.updateStepsPerEpoch === 0 || globalStep === plan.maxTrainSteps;
      const validationDue = epochEnded && epoch % options.validationEpochs === 0;
      if (validationDue) await evaluate(epoch, ema);
      if (validationPrompt && validationDue && !stopRequested()) {
        const vae = await AutoencoderKL.fromPretrained(vaeDir ?? pipelineDir, {
          subfolder: vaeDir ? undefined : 'vae',
          variant: options.variant,
        });
        try {
          const files = await writeValidationImages({
            unet,
            vae,
            scheduler: await EulerDiscreteScheduler.fromPretrained(pipelineDir, { subfolder: 'scheduler' }),
            prompt: validationPrompt,
            resolution: options.resolution,
            count: options.numValidationImages,
            seed,
            dir: path.join(outputDir, 'validation'),
            name: `epoch-${epoch}`,
          });
          emit({ type: 'validation', epoch, files });
          log?.info(`Validation images of epoch ${epoch}: ${files.join(', ')}`);
        } finally {
          vae.dispose();
        }
      }
      if (globalStep % options.checkpointingSteps === 0) await checkpoint();
      // After the last step the trained pipeline is saved below instead.
      if (stopRequested() && globalStep < plan.maxTrainSteps) {
        if (checkpointStep !== globalStep) await checkpoint();
        throw new TrainingInterruptedError(globalStep, lastCheckpoint);
      }
    }

    ema?.copyTo();
    // The saved weights' loss, unless the last epoch's evaluation has just measured these very weights.
    if (lastEvalStep !== globalStep) {
      await evaluate(trainingPosition(plan, Math.max(0, globalStep - 1)).epoch, undefined);
    }
    await saveTrainedPipeline({ unet, pipelineDir, vaeDir, outputDir });
    emit({ type: 'done', outputDir, step: globalStep });
    log?.info(`Saved the trained pipeline to ${outputDir} (UNet in ${path.join(outputDir, 'unet')})`);
    return {
      outputDir,
      globalStep,
      seed,
      cache: { encoded, reused },
      firstSmoothedLoss,
      lastSmoothedLoss: smoothedLoss ?? undefined,
      firstEvalLoss,
      lastEvalLoss,
    };
  } catch (error) {
    // Caching and the first evaluation stop by throwing the signal's reason: nothing was trained yet.
    if (stopRequested() && error === signal?.reason) {
      throw new TrainingInterruptedError(globalStep, lastCheckpoint, { cause: error });
    }
    throw error;
  } finally {
    disposables.forEach((model) => model.dispose());
    await dataset.close();
  }
}

/** Keeps the metrics lines of steps up to `lastStep` (atomically); nothing to do without a file. */
async function truncateMetrics(file: string, lastStep: number): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return;
  const kept = text
    .split('\n')
    .filter((line) => line && (JSON.parse(line) as { step: number }).step <= lastStep)
    .map((line) => `${line}\n`)
    .join('');
  await writeFileAtomic(file, kept, { elsewhere: METRICS_FILE_CONTEXT.elsewhere });
}

/** The embeddings of one prompt, with the text encoders loaded only for it. */
async function encodeOnce(
  pipelineDir: string,
  variant: string | undefined,
  prompt: string,
): Promise<PromptEmbeddings> {
  const encoder = await SdxlPromptEncoder.fromPretrained(pipelineDir, { variant });
  try {
    return encoder.encode([prompt]);
  } finally {
    encoder.dispose();
  }
}

async function requireFolder(value: string, flag: string): Promise<string> {
  const folder = path.resolve(value);
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new Error(
      `${flag} "${value}" is not a local folder. train() reads pipeline folders only; download a Hub model first ` +
        '(`pixel model train sdxl` does that for Hub ids) and pass its folder.',
    );
  }
  return folder;
}
