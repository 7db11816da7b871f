import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { loadSafetensors, writeSafetensors } from '@pixel/sdxl-trainer';

const WEIGHTS = 'diffusion_pytorch_model.safetensors';

/**
 * Writes a copy of the UNet folder `source` into `dir` with some tensors changed: `change` receives each
 * float32 tensor's name and values and may edit the values in place.
 */
export async function writeUnetVariant(
  source: string,
  dir: string,
  change: (name: string, values: Float32Array) => void,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  await copyFile(path.join(source, 'config.json'), path.join(dir, 'config.json'));
  const tensors = await loadSafetensors(path.join(source, WEIGHTS));
  await writeSafetensors(
    path.join(dir, WEIGHTS),
    [...tensors.values()].map(({ name, dtype, shape, data }) => {
      if (data instanceof Float32Array) change(name, data);
      return { name, dtype, shape, data };
    }),
    { metadata: { format: 'pt' } },
  );
  return dir;
}
