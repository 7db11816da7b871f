import { mkdir, readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import type { UNet2DConditionConfig } from '../types/unet.js';
import { UNet2DConditionModel } from '../lib/unet/unet-2d-condition-model.js';
import { SHARED } from '@pixel-tools/test-support';

/**
 * A pipeline folder for training-loop tests that must take hundreds of steps within the test budget:
 * tiny-sdxl-pipe's tokenizers, text encoders, VAE and scheduler (linked), and a smaller UNet of the same
 * interface (8/16 channels, two blocks, seeded random weights) in `unet/`.
 */
export async function writeMiniPipeline(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const name of [
    'model_index.json',
    'scheduler',
    'text_encoder',
    'text_encoder_2',
    'tokenizer',
    'tokenizer_2',
    'vae',
  ]) {
    await symlink(path.join(SHARED.tinyPipeline, name), path.join(dir, name));
  }
  const tiny = JSON.parse(
    await readFile(path.join(SHARED.tinyPipeline, 'unet/config.json'), 'utf8'),
  ) as UNet2DConditionConfig;
  const unet = UNet2DConditionModel.fromConfig(
    {
      ...tiny,
      block_out_channels: [8, 16],
      down_block_types: ['DownBlock2D', 'CrossAttnDownBlock2D'],
      up_block_types: ['CrossAttnUpBlock2D', 'UpBlock2D'],
      attention_head_dim: [2, 2],
      transformer_layers_per_block: [1, 1],
      norm_num_groups: 4,
    },
    { seed: 3 },
  );
  await unet.savePretrained(path.join(dir, 'unet'), { dtype: 'float32' });
  unet.dispose();
  return dir;
}
