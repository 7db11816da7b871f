import * as tf from '@tensorflow/tfjs-core';

import type { FromPretrainedOptions } from '../../types/pretrained.js';
import type { AutoencoderKLConfig } from '../../types/vae.js';
import { Conv2d } from '../nn/conv2d.js';
import { loadPretrained } from '../nn/load-pretrained.js';
import { Module, type ParameterSpecEntry } from '../nn/module.js';
import { MAX_CONFIG_BYTES } from '../model-config/max-config-bytes.js';
import { componentDir } from '../folders/component-dir.js';
import { readJsonFile } from '../folders/read-json-file.js';
import { LatentDistribution } from './latent-distribution.js';
import { resolveVaeConfig } from './resolve-vae-config.js';
import { VaeDecoder } from './vae-decoder.js';
import { VaeEncoder } from './vae-encoder.js';

const toNhwc = (tensor: tf.Tensor4D) => tf.transpose(tensor, [0, 2, 3, 1]);
const toNchw = (tensor: tf.Tensor4D) => tf.transpose(tensor, [0, 3, 1, 2]);

/**
 * diffusers `AutoencoderKL` (0.27): encoder + quant_conv to a latent distribution, post_quant_conv +
 * decoder back to pixels. NCHW at this API, as diffusers; parameter names are its state_dict keys.
 *
 * @example
 * const vae = await AutoencoderKL.fromPretrained('sdxl', { subfolder: 'vae' });
 * const posterior = vae.encode(pixels);            // pixels NCHW in [-1, 1]
 * const latents = tf.mul(posterior.sample(noise), vae.config.scaling_factor);
 */
export class AutoencoderKL extends Module {
  readonly config: AutoencoderKLConfig;
  readonly encoder: VaeEncoder;
  readonly decoder: VaeDecoder;
  readonly quantConv: Conv2d;
  readonly postQuantConv: Conv2d;

  /** Builds the architecture only; no weights are allocated (see `fromPretrained` / `fromConfig`). */
  constructor(config: Partial<AutoencoderKLConfig>) {
    super();
    this.config = resolveVaeConfig(config);
    const latent = this.config.latent_channels;
    this.encoder = this.child('encoder', new VaeEncoder(this.config));
    this.decoder = this.child('decoder', new VaeDecoder(this.config));
    this.quantConv = this.child('quant_conv', new Conv2d(2 * latent, 2 * latent, 1));
    this.postQuantConv = this.child('post_quant_conv', new Conv2d(latent, latent, 1));
  }

  /** Every state_dict key and shape the config implies, without allocating weights. */
  static parameterSpec(config: Partial<AutoencoderKLConfig>): ParameterSpecEntry[] {
    return new AutoencoderKL(config).parameterSpec();
  }

  /** A model with freshly initialised weights (`seed` makes them repeatable). */
  static fromConfig(
    config: Partial<AutoencoderKLConfig>,
    { seed = 0 }: { seed?: number } = {},
  ): AutoencoderKL {
    return new AutoencoderKL(config).initialise(seed);
  }

  /** Loads `config.json` and `diffusion_pytorch_model[.variant].safetensors` (or its shards). */
  static async fromPretrained(dir: string, options: FromPretrainedOptions = {}): Promise<AutoencoderKL> {
    const folder = componentDir(dir, options.subfolder);
    return loadPretrained(folder, {
      readConfig: (configPath) =>
        readJsonFile(configPath, `AutoencoderKL at ${folder}`, { maxBytes: MAX_CONFIG_BYTES }),
      build: (config) => new AutoencoderKL(config),
      weightsName: 'diffusion_pytorch_model',
      variant: options.variant,
    });
  }

  /** quant_conv(encoder(pixels)): NCHW [batch, 2 x latent channels, h / 2^(blocks-1), ...] = [mean, logvar]. */
  moments(pixels: tf.Tensor4D): tf.Tensor4D {
    const [, channels, height, width] = pixels.shape;
    const factor = 2 ** (this.config.block_out_channels.length - 1);
    if (channels !== this.config.in_channels || height % factor !== 0 || width % factor !== 0) {
      throw new Error(
        `AutoencoderKL.encode: pixels must be NCHW with ${this.config.in_channels} channels and sides divisible by ${factor}, got [${pixels.shape.join(', ')}].`,
      );
    }
    return tf.tidy(() => toNchw(this.quantConv.forward(this.encoder.forward(toNhwc(pixels)))));
  }

  /** The latent distribution of NCHW pixels in [-1, 1] (diffusers `vae.encode(x).latent_dist`). */
  encode(pixels: tf.Tensor4D): LatentDistribution {
    const moments = this.moments(pixels);
    const distribution = new LatentDistribution(moments);
    moments.dispose();
    return distribution;
  }

  /** Pixels from NCHW latents, unscaled (divide the UNet's latents by `scaling_factor` first), as diffusers `decode`. */
  decode(latents: tf.Tensor4D): tf.Tensor4D {
    if (latents.shape[1] !== this.config.latent_channels) {
      throw new Error(
        `AutoencoderKL.decode: latents must be NCHW with ${this.config.latent_channels} channels, got [${latents.shape.join(', ')}].`,
      );
    }
    return tf.tidy(() => toNchw(this.decoder.forward(this.postQuantConv.forward(toNhwc(latents)))));
  }
}
