import { homedir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { SdxlPromptEncoder, type PromptEmbeddings } from '../pipeline/sdxl-prompt-encoder.js';
import { cachePipelineInputs, type PipelineCachePass } from './cache-pipeline-inputs.js';
import type { TrainingRun, TrainingRunInputs } from './run-types.js';
import { validatorCachePass } from './validator-cache-pass.js';

/**
 * train()'s second phase: the VAE latents and prompt embeddings of every training sample (with the run's
 * augmentation) and every held-out one (with the validator's preprocessing, so the evaluation loss
 * estimates the score a validator would give on unseen images) in the training cache, one progress count
 * over both; then the --validation_prompt's embeddings. The encoders are released before this returns.
 */
export async function cacheTrainingRun(run: TrainingRun): Promise<TrainingRunInputs> {
  const { options, hooks, emit, log, dataset, training, heldOut } = run;
  const cacheDir =
    hooks.trainingCacheDir ??
    path.join(options.cacheDir ?? path.join(homedir(), '.cache', 'pixel'), 'pixel-training-cache');
  // The held-out pass counts on from where the training pass ended.
  const trainingProgress = { reused: 0 };
  const trainingPass: PipelineCachePass = {
    dataset: training,
    seed: run.seed,
    centerCrop: options.centerCrop,
    randomFlip: options.randomFlip,
    proportionEmptyPrompts: options.proportionEmptyPrompts,
    onProgress: (progress) => {
      trainingProgress.reused = progress.reused;
      emit({ type: 'cache', ...progress, total: dataset.length });
    },
  };
  const heldOutPass = validatorCachePass(heldOut, ({ done, reused }) =>
    emit({
      type: 'cache',
      done: training.length + done,
      total: dataset.length,
      reused: trainingProgress.reused + reused,
    }),
  );
  const [trainingCache, heldOutCache] = await cachePipelineInputs(
    {
      pipelineDir: run.pipelineDir,
      vaeDir: run.vaeDir,
      variant: options.variant,
      cacheDir,
      resolution: options.resolution,
      signal: hooks.signal,
      onEncodersLoading: () => log?.info('Encoding latents and prompt embeddings into the training cache'),
    },
    heldOut.length > 0 ? [trainingPass, heldOutPass] : [trainingPass],
  );
  const encoded = trainingCache!.encoded + (heldOutCache?.encoded ?? 0);
  const reused = trainingCache!.reused + (heldOutCache?.reused ?? 0);
  const validationPrompt = options.validationPrompt
    ? await encodeOnce(run.pipelineDir, options.variant, options.validationPrompt)
    : undefined;
  emit({ type: 'cache-done', encoded, reused, cacheDir });
  log?.info(`Training cache ${cacheDir}: ${encoded} samples encoded, ${reused} reused`);
  return {
    cache: trainingCache!,
    heldOutCache,
    encoded,
    reused,
    validationPrompt,
    dispose: () => tf.dispose(Object.values(validationPrompt ?? {})),
  };
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
