import path from 'node:path';
import { SdxlPromptEncoder } from '../pipeline/sdxl-prompt-encoder.js';
import { AutoencoderKL } from '../vae/autoencoder-kl.js';
import {
  cacheTrainingInputs,
  type CacheTrainingInputsOptions,
  type TrainingEncoders,
  type TrainingInputCache,
} from './cache-training-inputs.js';
import { modelFingerprint } from './model-fingerprint.js';

/** What the passes of one call share: the encoders, where entries go, the resolution. */
export interface CachePipelineInputsOptions extends Pick<
  CacheTrainingInputsOptions,
  'cacheDir' | 'resolution' | 'signal'
> {
  /** A local SDXL pipeline folder: its text encoders and tokenizers (and VAE, unless `vaeDir`). */
  pipelineDir: string;
  /** A VAE folder used instead of the pipeline's `vae/` (e.g. madebyollin/sdxl-vae-fp16-fix). */
  vaeDir?: string;
  variant?: string;
  /** Told once, when the first sample must be encoded (loading the encoders takes a while). */
  onEncodersLoading?: () => void;
}

/** One dataset to cache, with its own augmentation (e.g. training samples, then held-out ones). */
export type PipelineCachePass = Pick<
  CacheTrainingInputsOptions,
  'dataset' | 'seed' | 'centerCrop' | 'randomFlip' | 'proportionEmptyPrompts' | 'onProgress'
>;

/**
 * `cacheTrainingInputs` with the encoders of an SDXL pipeline folder, for each pass in order (one cache per
 * pass): the VAE and both text encoders are loaded at the first cache miss of any pass, once for all of
 * them, and released before this returns, so whatever runs next (UNet training, evaluation) has the
 * memory to itself.
 */
export async function cachePipelineInputs(
  options: CachePipelineInputsOptions,
  passes: readonly PipelineCachePass[],
): Promise<TrainingInputCache[]> {
  const { pipelineDir, vaeDir, variant } = options;
  const fingerprint = await modelFingerprint(
    [
      vaeDir ?? path.join(pipelineDir, 'vae'),
      ...['text_encoder', 'text_encoder_2', 'tokenizer', 'tokenizer_2'].map((c) => path.join(pipelineDir, c)),
    ],
    variant,
  );
  let encoders: Promise<TrainingEncoders> | undefined;
  const loadEncoders = async (): Promise<TrainingEncoders> => {
    options.onEncodersLoading?.();
    const vae = await AutoencoderKL.fromPretrained(vaeDir ?? pipelineDir, {
      subfolder: vaeDir ? undefined : 'vae',
      variant,
    });
    try {
      return { vae, promptEncoder: await SdxlPromptEncoder.fromPretrained(pipelineDir, { variant }) };
    } catch (error) {
      vae.dispose();
      throw error;
    }
  };
  try {
    const caches: TrainingInputCache[] = [];
    for (const pass of passes) {
      caches.push(
        await cacheTrainingInputs({
          ...pass,
          cacheDir: options.cacheDir,
          resolution: options.resolution,
          signal: options.signal,
          modelFingerprint: fingerprint,
          loadEncoders: () => (encoders ??= loadEncoders()),
        }),
      );
    }
    return caches;
  } finally {
    const loaded = await encoders?.catch(() => undefined);
    loaded?.vae.dispose();
    loaded?.promptEncoder.dispose();
  }
}
