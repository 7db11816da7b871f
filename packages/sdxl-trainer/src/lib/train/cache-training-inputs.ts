import { createHash } from 'node:crypto';
import { access, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { ImageFolderDataset } from '../data/types.js';
import { loadTrainingExample, type LoadTrainingExampleOptions } from '../data/load-training-example.js';
import { computeTimeIds } from '../pipeline/compute-time-ids.js';
import type { SdxlPromptEncoder } from '../pipeline/sdxl-prompt-encoder.js';
import { RandomGenerator } from '../random/random-generator.js';
import { loadSafetensors } from '../safetensors/load-safetensors.js';
import { writeSafetensors } from '../safetensors/write-safetensors.js';
import type { AutoencoderKL } from '../vae/autoencoder-kl.js';
import { toFileSystemErrorAt } from './to-file-system-error-at.js';

/** The encoders a cache miss needs; loaded only when the first miss happens, disposed by the caller. */
export interface TrainingEncoders {
  vae: AutoencoderKL;
  promptEncoder: SdxlPromptEncoder;
}

export interface CacheTrainingInputsOptions extends LoadTrainingExampleOptions {
  dataset: ImageFolderDataset;
  /** Folder of the cache entries (shared between runs). */
  cacheDir: string;
  /** Identity of the VAE, text encoders and tokenizers (see modelFingerprint). */
  modelFingerprint: string;
  /** `--seed`: decides each sample's augmentation (and so its cache key when it is random). */
  seed: number;
  loadEncoders: () => Promise<TrainingEncoders>;
  /** Called after each sample, with how many were already cached. */
  onProgress?: (progress: { done: number; total: number; reused: number }) => void;
  signal?: AbortSignal;
}

/** One sample's cached inputs to the UNet. */
export interface CachedTrainingInput {
  /** latent_dist.sample() * scaling_factor, [channels, height, width]. */
  latents: { shape: number[]; data: Float32Array };
  /** [77, cross_attention_dim]. */
  promptEmbeds: { shape: number[]; data: Float32Array };
  /** [pooled width]. */
  pooledPromptEmbeds: { shape: number[]; data: Float32Array };
  /** [6]: original size, crop top-left, target size. */
  timeIds: Float32Array;
}

/** The cache of a dataset: one entry per sample index, read from disk on demand. */
export interface TrainingInputCache {
  length: number;
  /** How many samples were encoded in this call (the others were already on disk). */
  encoded: number;
  reused: number;
  read(index: number): Promise<CachedTrainingInput>;
}

const KEY_BYTES = 32;

/**
 * Makes sure every sample's VAE latents and prompt embeddings are on disk, and returns a reader.
 * An entry is keyed by the image bytes, the caption as used (after --proportion_empty_prompts), the
 * model fingerprint, the resolution and the crop and flip applied, so it is valid for any later run that
 * would compute the same thing, and an interrupted caching pass resumes where it stopped (each entry is
 * written atomically). The latent noise of `latent_dist.sample()` is seeded from the key, so an entry is
 * a pure function of its key. Only 32 bytes per sample stay in memory; entries are read when a batch
 * needs them. The encoders are loaded at the first miss only: a fully cached dataset never loads them.
 */
export async function cacheTrainingInputs(options: CacheTrainingInputsOptions): Promise<TrainingInputCache> {
  const { dataset, cacheDir, seed, signal } = options;
  const keys = Buffer.alloc(dataset.length * KEY_BYTES);
  let encoders: TrainingEncoders | undefined;
  let encoded = 0;
  for (let index = 0; index < dataset.length; index++) {
    signal?.throwIfAborted();
    const example = await loadTrainingExample(
      dataset,
      index,
      options,
      RandomGenerator.fromSeed(seed, 'sample', index),
    );
    const key = createHash('sha256')
      .update(
        JSON.stringify({
          format: 1,
          image: createHash('sha256')
            .update(await readFile(example.imagePath))
            .digest('hex'),
          caption: example.caption,
          model: options.modelFingerprint,
          resolution: options.resolution,
          cropTopLeft: example.cropTopLeft,
          flipped: example.flipped,
        }),
      )
      .digest();
    key.copy(keys, index * KEY_BYTES);
    const file = entryPath(cacheDir, key);
    if (!(await exists(file))) {
      encoders ??= await options.loadEncoders();
      await writeEntry(file, key, example, options.resolution, encoders);
      encoded += 1;
    }
    options.onProgress?.({ done: index + 1, total: dataset.length, reused: index + 1 - encoded });
  }
  return {
    length: dataset.length,
    encoded,
    reused: dataset.length - encoded,
    read: async (index) => {
      const file = entryPath(cacheDir, keys.subarray(index * KEY_BYTES, (index + 1) * KEY_BYTES));
      const tensors = await loadSafetensors(file);
      const get = (name: string) => {
        const tensor = tensors.get(name);
        if (!tensor) {
          throw new Error(`Training cache entry ${file} has no "${name}"; delete the file to recompute it.`);
        }
        return { shape: tensor.shape, data: tensor.data as Float32Array };
      };
      return {
        latents: get('latents'),
        promptEmbeds: get('prompt_embeds'),
        pooledPromptEmbeds: get('pooled_prompt_embeds'),
        timeIds: get('time_ids').data,
      };
    },
  };
}

function entryPath(cacheDir: string, key: Uint8Array): string {
  const hex = Buffer.from(key).toString('hex');
  return path.join(cacheDir, hex.slice(0, 2), `${hex}.safetensors`);
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

async function writeEntry(
  file: string,
  key: Buffer,
  example: Awaited<ReturnType<typeof loadTrainingExample>>,
  resolution: number,
  { vae, promptEncoder }: TrainingEncoders,
): Promise<void> {
  const [latents, promptEmbeds, pooledPromptEmbeds] = tf.tidy(() => {
    const pixels = tf.tensor4d(example.pixelValues, [1, 3, resolution, resolution]);
    const distribution = vae.encode(pixels);
    const noise = RandomGenerator.fromSeed(key.readUIntBE(0, 6), 'latent-sample').fillNormal(
      new Float32Array(distribution.mean.size),
    );
    const sample = distribution.sample(tf.tensor4d(noise, distribution.mean.shape));
    distribution.dispose();
    const text = promptEncoder.encode([example.caption]);
    return [
      tf.squeeze(tf.mul(sample, vae.config.scaling_factor), [0]),
      tf.squeeze(text.promptEmbeds, [0]),
      tf.squeeze(text.pooledPromptEmbeds, [0]),
    ];
  });
  const timeIds = Float32Array.from(
    computeTimeIds(example.originalSize, example.cropTopLeft, [resolution, resolution]),
  );
  // Read asynchronously, as the writer reaches each: a GPU backend (webgpu in Node) cannot read synchronously.
  const entry = (name: string, tensor: tf.Tensor) => ({
    name,
    shape: tensor.shape,
    dtype: 'F32' as const,
    data: async () => (await tensor.data()) as Float32Array,
  });
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeSafetensors(file, [
      entry('latents', latents),
      entry('prompt_embeds', promptEmbeds),
      entry('pooled_prompt_embeds', pooledPromptEmbeds),
      { name: 'time_ids', shape: [6], dtype: 'F32', data: timeIds },
    ]);
  } catch (error) {
    throw toFileSystemErrorAt(error, file, {
      action: 'write the training cache entry',
      elsewhere: 'or choose another folder with --cache_dir',
    });
  } finally {
    tf.dispose([latents, promptEmbeds, pooledPromptEmbeds]);
  }
}
