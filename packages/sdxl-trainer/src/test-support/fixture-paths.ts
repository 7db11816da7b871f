import path from 'node:path';

const shared = process.env.PIXEL_SHARED_DIR;
if (!shared)
  throw new Error('PIXEL_SHARED_DIR is not set; run the tests through jest (jest.preset.js sets it).');

/** The tiny SDXL pipeline produced by diffusers/transformers (read-only ground truth). */
export const TINY_PIPE_DIR = path.join(shared, 'fixtures/tiny-sdxl-pipe');
/** The tiny UNet + VAE + scheduler fixture produced by diffusers. */
export const UNET_VAE_TINY_DIR = path.join(shared, 'fixtures/sdxl-unet-vae-tiny');
/** The same UNet design at batch 2 with non-square latents, and every parameter's gradient (diffusers). */
export const UNET_B2_DIR = path.join(shared, 'fixtures/sdxl-unet-b2');
/** Full-size SDXL base configs and key lists (no weights). */
export const SDXL_BASE_KEYS_DIR = path.join(shared, 'fixtures/sdxl-base-keys');
