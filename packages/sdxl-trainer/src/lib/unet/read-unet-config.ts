import { readFile, stat } from 'node:fs/promises';
import type { UNet2DConditionConfig } from '../../types/unet.js';
import { MAX_CONFIG_BYTES } from '../model-config/max-config-bytes.js';
import { ModelConfigError } from '../model-config/model-config-error.js';
import { resolveUNetConfig } from './resolve-unet-config.js';

/**
 * Reads a UNet's `config.json` as given (unknown fields kept), naming the file in every error, and checks
 * every field the model reads against its bounds (`resolveUNetConfig`) before anyone builds from it: a
 * stranger's config cannot make a loader walk a billion layers. At most MAX_CONFIG_BYTES are read.
 */
export async function readUnetConfig(configPath: string): Promise<UNet2DConditionConfig> {
  let text: string;
  try {
    const { size } = await stat(configPath);
    if (size > MAX_CONFIG_BYTES) {
      throw new Error(`it is ${size} bytes, more than the ${MAX_CONFIG_BYTES} a model config may have`);
    }
    text = await readFile(configPath, 'utf8');
  } catch (error) {
    throw new Error(
      `Cannot read the UNet config ${configPath}: ${(error as Error).message}. A diffusers UNet folder has config.json beside its weights.`,
    );
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    throw new Error(`The UNet config ${configPath} is not valid JSON: ${(error as Error).message}.`);
  }
  ModelConfigError.inFile(configPath, () => resolveUNetConfig(config as UNet2DConditionConfig));
  return config as UNet2DConditionConfig;
}
