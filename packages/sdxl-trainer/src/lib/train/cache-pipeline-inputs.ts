import path from 'node:path';
import type { ImageFolderDataset } from '../data/types.js';
import { SdxlPromptEncoder } from '../pipeline/sdxl-prompt-encoder.js';
import { AutoencoderKL } from '../vae/autoencoder-kl.js';
import {
  cacheTrainingInputs,
  type CacheTrainingInputsOptions,
  type TrainingEncoders,
  type TrainingInputCache,
} from './cache-training-inputs.js';
import { modelFingerprint } from './model-fingerprint.js';

export interface CachePipelineInputsOptions extends Omit<
  CacheTrainingInputsOptions,
  'modelFingerprint' | 'loadEncoders'
> {
  dataset: ImageFolderDataset;
  /** A local SDXL pipeline folder: its text encoders and tokenizers (and VAE, unless `vaeDir`). */
  pipelineDir: string;
  /** A VAE folder used instead of the pipeline's `vae/` (e.g. madebyollin/sdxl-vae-fp16-fix). */
  vaeDir?: string;
  variant?: string;
  /** Told once, when the first sample must be encoded (loading the encoders takes a while). */
  onEncodersLoading?: () => void;
}

/**
 * `cacheTrainingInputs` with the encoders of an SDXL pipeline folder: the VAE and both text encoders
 * are loaded at the first cache miss only, and released before this returns, so whatever runs next
 * (UNet training, evaluation) has the memory to itself.
 */
export async function cachePipelineInputs(options: CachePipelineInputsOptions): Promise<TrainingInputCache> {
  const { pipelineDir, vaeDir, variant } = options;
  const loaded: TrainingEncoders[] = [];
  try {
    return await cacheTrainingInputs({
      ...options,
      modelFingerprint: await modelFingerprint(
        [
          vaeDir ?? path.join(pipelineDir, 'vae'),
          ...['text_encoder', 'text_encoder_2', 'tokenizer', 'tokenizer_2'].map((c) =>
            path.join(pipelineDir, c),
          ),
        ],
        variant,
      ),
      loadEncoders: async () => {
        options.onEncodersLoading?.();
        const vae = await AutoencoderKL.fromPretrained(vaeDir ?? pipelineDir, {
          subfolder: vaeDir ? undefined : 'vae',
          variant,
        });
        try {
          const promptEncoder = await SdxlPromptEncoder.fromPretrained(pipelineDir, { variant });
          loaded.push({ vae, promptEncoder });
          return { vae, promptEncoder };
        } catch (error) {
          vae.dispose();
          throw error;
        }
      },
    });
  } finally {
    for (const { vae, promptEncoder } of loaded) {
      vae.dispose();
      promptEncoder.dispose();
    }
  }
}
