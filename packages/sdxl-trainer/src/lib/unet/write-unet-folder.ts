import path from 'node:path';
import { writeFileAtomic } from '@pixel/files';
import type { SafetensorsWriteEntry } from '../../types/safetensors.js';
import type { UNet2DConditionConfig } from '../../types/unet.js';
import { writeSafetensorsCheckpoint } from '../safetensors/write-safetensors-checkpoint.js';

const DIFFUSERS_VERSION = '0.27.2';

/**
 * Writes a UNet folder as diffusers 0.27's `save_pretrained` does: `diffusion_pytorch_model.safetensors`
 * (same tensor order, header and `{"format":"pt"}` metadata) and `config.json` (sorted keys, 2-space
 * indent, trailing newline, `_class_name` and `_diffusers_version` added). Each file is written atomically.
 */
export async function writeUnetFolder(
  dir: string,
  config: UNet2DConditionConfig,
  weights: readonly SafetensorsWriteEntry[],
): Promise<void> {
  // diffusers 0.27 writes one file whatever its size (sharding came later); validators expect that file.
  await writeSafetensorsCheckpoint(dir, weights, { maxShardBytes: Number.POSITIVE_INFINITY });
  await writeFileAtomic(path.join(dir, 'config.json'), diffusersConfigJson(config));
}

function diffusersConfigJson(config: UNet2DConditionConfig): string {
  const withClass: Record<string, unknown> = {
    ...config,
    _class_name: 'UNet2DConditionModel',
    _diffusers_version: config._diffusers_version ?? DIFFUSERS_VERSION,
  };
  const sorted = Object.fromEntries(
    Object.keys(withClass)
      .sort()
      .map((key) => [key, withClass[key]]),
  );
  return `${JSON.stringify(sorted, null, 2)}\n`;
}
