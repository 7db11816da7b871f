import path from 'node:path';

const shared = process.env.PIXEL_SHARED_DIR ?? path.resolve('../../../shared');

/** Read-only ground truth shared by every package's tests. */
export const SHARED = {
  chainSpec: path.join(shared, 'chain/subtensor-runtime-spec218.json'),
  /** A diffusers pipeline folder whose `unet/` is a tiny SDXL-shaped UNet. */
  tinyPipeline: path.join(shared, 'fixtures/tiny-sdxl-pipe'),
};
