import { access } from 'node:fs/promises';
import path from 'node:path';

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * The UNet folder of `dir`: `dir` itself when it holds the UNet's `config.json`, or `dir/unet` for a
 * diffusers pipeline folder (what `pixel model train sdxl` writes).
 */
export async function resolveUnetDir(dir: string): Promise<string> {
  const absolute = path.resolve(dir);
  if (await exists(path.join(absolute, 'model_index.json'))) {
    const unet = path.join(absolute, 'unet');
    if (await exists(path.join(unet, 'config.json'))) return unet;
    throw new Error(
      `${absolute} is a pipeline folder but has no unet/config.json; point at a folder holding the UNet's config.json and safetensors.`,
    );
  }
  if (await exists(path.join(absolute, 'config.json'))) return absolute;
  if (await exists(path.join(absolute, 'unet', 'config.json'))) return path.join(absolute, 'unet');
  throw new Error(
    `No UNet in ${absolute}: expected config.json + diffusion_pytorch_model.safetensors there or in its unet/ folder ` +
      '(a training output folder or a UNet folder).',
  );
}
