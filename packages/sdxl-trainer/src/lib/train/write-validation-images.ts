import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { toFileSystemError, writeFileAtomic } from '@pixel/files';
import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';
import type { PromptEmbeddings } from '../pipeline/sdxl-prompt-encoder.js';
import { RandomGenerator } from '../random/random-generator.js';
import type { EulerDiscreteScheduler } from '../scheduler/euler-discrete-scheduler.js';
import type { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import type { AutoencoderKL } from '../vae/autoencoder-kl.js';

/** Inference steps and guidance of the diffusers script's validation (`num_inference_steps=25`, SDXL's default 5.0). */
export const VALIDATION_STEPS = 25;
export const VALIDATION_GUIDANCE = 5;
/** Validation images go under --output_dir; a failed write names it as the way to another disk. */
const ELSEWHERE = 'or choose another folder with --output_dir';

export interface WriteValidationImagesInput {
  unet: UNet2DConditionModel;
  vae: AutoencoderKL;
  scheduler: EulerDiscreteScheduler;
  /** The --validation_prompt's embeddings ([1, 77, D] and [1, P]). */
  prompt: PromptEmbeddings;
  resolution: number;
  count: number;
  seed: number;
  /** Folder of the PNGs, e.g. `<output_dir>/validation`. */
  dir: string;
  /** File name prefix, e.g. `epoch-3`. */
  name: string;
}

/**
 * Samples `count` images of the validation prompt with Euler (25 steps) and classifier-free guidance 5
 * against zero negative embeddings (SDXL's force_zeros_for_empty_prompt), decodes them with the VAE and
 * writes `<dir>/<name>-<i>.png`. Image i starts from noise seeded by (seed, 'validation', i), so the
 * same image is sampled after every epoch and progress is comparable.
 */
export async function writeValidationImages(input: WriteValidationImagesInput): Promise<string[]> {
  const { unet, vae, scheduler, prompt, resolution } = input;
  const size = resolution / 2 ** (vae.config.block_out_channels.length - 1);
  const shape: [number, number, number, number] = [1, vae.config.latent_channels, size, size];
  await mkdir(input.dir, { recursive: true }).catch((error: unknown) => {
    throw toFileSystemError(error, input.dir, { action: 'create the folder', elsewhere: ELSEWHERE });
  });
  const files: string[] = [];
  for (let index = 0; index < input.count; index++) {
    const noise = RandomGenerator.fromSeed(input.seed, 'validation', index).fillNormal(
      new Float32Array(shape.reduce((a, b) => a * b)),
    );
    scheduler.setTimesteps(VALIDATION_STEPS);
    const pixels = tf.tidy(() => {
      const encoderHiddenStates = tf.concat([tf.zerosLike(prompt.promptEmbeds), prompt.promptEmbeds]);
      const textEmbeds = tf.concat([tf.zerosLike(prompt.pooledPromptEmbeds), prompt.pooledPromptEmbeds]);
      const ids = [resolution, resolution, 0, 0, resolution, resolution];
      const timeIds = tf.tensor2d([ids, ids]);
      let latents: tf.Tensor4D = tf.mul(tf.tensor4d(noise, shape), scheduler.initNoiseSigma);
      scheduler.timesteps.forEach((timestep, step) => {
        const next = tf.tidy(() => {
          const scaled = scheduler.scaleModelInput(latents, step) as tf.Tensor4D;
          const [unconditional, conditional] = tf.split(
            unet.forward({
              sample: tf.concat([scaled, scaled]),
              timestep: [timestep, timestep],
              encoderHiddenStates: encoderHiddenStates as tf.Tensor3D,
              textEmbeds: textEmbeds as tf.Tensor2D,
              timeIds,
            }),
            2,
          );
          const guided = tf.add(
            unconditional!,
            tf.mul(tf.sub(conditional!, unconditional!), VALIDATION_GUIDANCE),
          );
          return scheduler.step(guided, step, latents) as tf.Tensor4D;
        });
        latents.dispose();
        latents = next;
      });
      const decoded = vae.decode(tf.div(latents, vae.config.scaling_factor) as tf.Tensor4D);
      // [-1, 1] NCHW -> bytes HWC
      return tf.cast(
        tf.round(
          tf.mul(tf.clipByValue(tf.add(tf.mul(tf.transpose(decoded, [0, 2, 3, 1]), 0.5), 0.5), 0, 1), 255),
        ),
        'int32',
      );
    });
    // Read asynchronously: a GPU backend (webgpu in Node) cannot read synchronously.
    const bytes = Uint8Array.from(await pixels.data());
    pixels.dispose();
    const file = path.join(input.dir, `${input.name}-${index}.png`);
    const png = await sharp(bytes, { raw: { width: resolution, height: resolution, channels: 3 } })
      .png()
      .toBuffer();
    await writeFileAtomic(file, png, { elsewhere: ELSEWHERE });
    files.push(file);
  }
  return files;
}
