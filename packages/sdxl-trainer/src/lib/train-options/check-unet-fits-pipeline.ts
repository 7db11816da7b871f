import path from 'node:path';
import { resolveClipTextConfig } from '../clip/resolve-clip-text-config.js';
import { readJsonFile } from '../folders/read-json-file.js';
import { resolveUNetConfig } from '../unet/resolve-unet-config.js';
import { readUnetConfig } from '../unet/read-unet-config.js';
import { resolveVaeConfig } from '../vae/resolve-vae-config.js';
import type { CLIPTextConfig } from '../../types/clip.js';
import type { AutoencoderKLConfig } from '../../types/vae.js';

/** SDXL's micro-conditioning: original size, crop top-left and target size, two numbers each. */
const TIME_IDS = 6;

/**
 * Checks, from the config files alone, that the UNet folder `unetDir` can be trained with the text
 * encoders of `pipelineDir` and the VAE of `vaeDir` (else the pipeline's `vae/`): its cross-attention
 * width must be the two text encoders' hidden sizes together, its input channels the VAE's latent
 * channels, and its added embedding the second encoder's pooled projection plus the six time ids.
 * Every mismatch is listed in one error naming both folders, before anything is cached or loaded.
 */
export async function checkUnetFitsPipeline(params: {
  unetDir: string;
  pipelineDir: string;
  vaeDir?: string;
}): Promise<void> {
  const { unetDir, pipelineDir, vaeDir } = params;
  const unet = resolveUNetConfig(await readUnetConfig(path.join(unetDir, 'config.json')));
  const encoder = async (subfolder: string) =>
    resolveClipTextConfig(
      (await readJsonFile(
        path.join(pipelineDir, subfolder, 'config.json'),
        `The ${subfolder} of --pretrained_model_name_or_path`,
      )) as Partial<CLIPTextConfig>,
    );
  const textEncoder = await encoder('text_encoder');
  const textEncoder2 = await encoder('text_encoder_2');
  const vaeConfigPath = vaeDir
    ? path.join(vaeDir, 'config.json')
    : path.join(pipelineDir, 'vae', 'config.json');
  const vae = resolveVaeConfig(
    (await readJsonFile(vaeConfigPath, 'The VAE')) as Partial<AutoencoderKLConfig>,
  );

  const problems: string[] = [];
  const hiddenSizes = textEncoder.hidden_size + textEncoder2.hidden_size;
  if (unet.crossAttentionDim !== hiddenSizes) {
    problems.push(
      `cross_attention_dim is ${unet.crossAttentionDim}, but the text encoders' hidden sizes add up to ${hiddenSizes} (${textEncoder.hidden_size} + ${textEncoder2.hidden_size})`,
    );
  }
  if (unet.inChannels !== vae.latent_channels) {
    problems.push(
      `in_channels is ${unet.inChannels}, but the VAE (${vaeConfigPath}) has ${vae.latent_channels} latent_channels`,
    );
  }
  const addedEmbedding = textEncoder2.projection_dim + TIME_IDS * unet.additionTimeEmbedDim;
  if (unet.projectionClassEmbeddingsInputDim !== addedEmbedding) {
    problems.push(
      `projection_class_embeddings_input_dim is ${unet.projectionClassEmbeddingsInputDim}, but text_encoder_2's pooled projection (${textEncoder2.projection_dim}) plus ${TIME_IDS} time ids of addition_time_embed_dim ${unet.additionTimeEmbedDim} make ${addedEmbedding}`,
    );
  }
  if (problems.length > 0) {
    throw new Error(
      `--pretrained_unet_model_name_or_path ${unetDir} does not fit --pretrained_model_name_or_path ${pipelineDir}: ` +
        `${problems.join('; ')}. Pass a UNet fine-tuned from this pipeline (subnet 17's models are SDXL base UNets), ` +
        'or the pipeline the UNet was trained with.',
    );
  }
}
