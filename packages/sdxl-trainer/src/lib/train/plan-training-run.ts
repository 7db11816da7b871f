import { randomInt } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { toFileSystemError } from '@pixel/files';
import { openImageFolder } from '../data/open-image-folder.js';
import { sampleDataset } from '../data/sample-dataset.js';
import type { ImageFolderDataset } from '../data/types.js';
import { checkUnetFitsPipeline } from '../train-options/check-unet-fits-pipeline.js';
import { planTraining } from '../train-options/plan-training.js';
import type { TrainOptions } from '../train-options/types.js';
import { checkResumableOptimizer } from './check-resumable-optimizer.js';
import { holdOutSamples } from './hold-out-samples.js';
import { readTrainingState } from './read-training-state.js';
import { resolveResumeCheckpoint } from './resolve-resume-checkpoint.js';
import type { TrainingRun } from './run-types.js';
import type { TrainHooks, TrainingState, TrainLogger } from './types.js';

/**
 * train()'s first phase, before anything heavy is loaded: the model folders exist (and a separate UNet fits
 * the pipeline), the output folder is made, the checkpoint to resume from and the seed are chosen, the data
 * is indexed (or `hooks.dataset` taken) and checked against that checkpoint (as is the optimizer), the
 * --eval_holdout samples are set aside and the steps are planned.
 */
export async function planTrainingRun(options: TrainOptions, hooks: TrainHooks): Promise<TrainingRun> {
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
  const outputDir = await createOutputDir(options.outputDir, pipelineDir);
  const { resumeDir, saved, seed } = await chooseStart(options, outputDir, log);
  const given = hooks.dataset && checkGivenDataset(hooks.dataset, options);
  const indexed =
    given ??
    (await openImageFolder({
      directory: options.trainDataDir,
      imageColumn: options.imageColumn,
      captionColumn: options.captionColumn,
      onWarning: (message) => log?.warn(message),
    }));
  const dataset = sampleDataset(indexed, options.maxTrainSamples, seed);
  const close = given ? async () => undefined : () => dataset.close();
  try {
    if (saved) {
      checkResumable(saved, resumeDir!, dataset, options.evalHoldout);
      checkResumableOptimizer(saved, resumeDir!, options);
    }
    const { training, heldOut } = holdOutSamples(dataset, options.evalHoldout, seed);
    const plan = planTraining(options, training.length);
    log?.info(
      `${training.length} samples${heldOut.length > 0 ? ` (${heldOut.length} more held out for the evaluation loss)` : ''}, ${plan.batchesPerEpoch} batches per epoch, ${plan.maxTrainSteps} optimizer steps (${plan.numTrainEpochs} epochs), total batch size ${plan.totalBatchSize}`,
    );
    return {
      options,
      hooks,
      emit: (event) => hooks.onEvent?.(event),
      log,
      stopRequested: () => hooks.signal?.aborted === true,
      pipelineDir,
      vaeDir,
      unetDir,
      outputDir,
      resumeDir,
      saved,
      seed,
      dataset,
      training,
      heldOut,
      plan,
      close,
    };
  } catch (error) {
    await close();
    throw error;
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

/** --output_dir, created; never the pipeline trained from. */
async function createOutputDir(value: string, pipelineDir: string): Promise<string> {
  const outputDir = path.resolve(value);
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
  return outputDir;
}

/** The checkpoint --resume_from_checkpoint names (if any) and the run's seed: the checkpoint's, --seed or a random one. */
async function chooseStart(
  options: TrainOptions,
  outputDir: string,
  log: TrainLogger | undefined,
): Promise<{ resumeDir: string | undefined; saved: TrainingState | undefined; seed: number }> {
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
  return { resumeDir, saved, seed };
}

/** A dataset the caller indexed must be --train_data_dir's, with the columns the options name. */
function checkGivenDataset(dataset: ImageFolderDataset, options: TrainOptions): ImageFolderDataset {
  const directory = path.resolve(options.trainDataDir);
  const columns = [options.imageColumn, options.captionColumn];
  if (dataset.directory !== directory || !columns.every((column) => dataset.columns.includes(column))) {
    throw new Error(
      `The dataset given to train() indexes ${dataset.directory} (columns ${dataset.columns.join(', ')}), but the options ask for --train_data_dir ${directory} with columns ${columns.join(', ')}: pass the dataset openImageFolder opened for these options, or none.`,
    );
  }
  return dataset;
}

/** A checkpoint continues only on the data it was trained on, with the same samples held out. */
function checkResumable(
  saved: TrainingState,
  resumeDir: string,
  dataset: ImageFolderDataset,
  evalHoldout: number,
): void {
  if (saved.datasetLength !== dataset.length) {
    throw new Error(
      `${resumeDir} was trained on ${saved.datasetLength} samples, but ${dataset.metadataPath} now has ${dataset.length}. Resume with the same data, or start a new run in another --output_dir.`,
    );
  }
  if ((saved.evalHoldout ?? 0) !== evalHoldout) {
    throw new Error(
      `${resumeDir} was trained with --eval_holdout ${saved.evalHoldout ?? 0}, this run asks for ${evalHoldout}: another hold-out changes which samples are trained on. Resume with --eval_holdout ${saved.evalHoldout ?? 0}, or start a new run in another --output_dir.`,
    );
  }
}
