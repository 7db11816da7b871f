import path from 'node:path';
import { openImageFolder } from '../lib/data/open-image-folder.js';
import { DDPMScheduler } from '../lib/scheduler/ddpm-scheduler.js';
import type { TrainingInputCache } from '../lib/train/cache-training-inputs.js';
import { cachePipelineInputs } from '../lib/train/cache-pipeline-inputs.js';
import { UNet2DConditionModel } from '../lib/unet/unet-2d-condition-model.js';
import { writeMiniPipeline } from './write-mini-pipeline.js';
import { writeTrainingFolder } from './write-training-folder.js';

/**
 * A mini pipeline and `imageCount` generated 32x32 images under `root`, cached with the validator's
 * preprocessing (seed 1, random crop, no flip, no empty prompts), plus the pipeline's UNet (the caller
 * disposes it) and scheduler: what evaluation tests score.
 */
export async function cacheMiniPipelineInputs(
  root: string,
  imageCount: number,
): Promise<{ inputs: TrainingInputCache; unet: UNet2DConditionModel; scheduler: DDPMScheduler }> {
  const pipeline = await writeMiniPipeline(path.join(root, 'pipeline'));
  await writeTrainingFolder(path.join(root, 'data'), imageCount);
  const dataset = await openImageFolder({ directory: path.join(root, 'data'), seed: 1 });
  try {
    const [inputs] = await cachePipelineInputs(
      { pipelineDir: pipeline, cacheDir: path.join(root, 'cache'), resolution: 32 },
      [{ dataset, seed: 1, centerCrop: false, randomFlip: false, proportionEmptyPrompts: 0 }],
    );
    const unet = await UNet2DConditionModel.fromPretrained(pipeline, { subfolder: 'unet' });
    const scheduler = await DDPMScheduler.fromPretrained(pipeline, { subfolder: 'scheduler' });
    return { inputs: inputs!, unet, scheduler };
  } finally {
    await dataset.close();
  }
}
