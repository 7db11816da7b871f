import { readFile } from 'node:fs/promises';
import type { UNet2DConditionConfig } from '../../types/unet.js';

/** Reads a UNet's `config.json` as given (unknown fields kept), naming the file in every error. */
export async function readUnetConfig(configPath: string): Promise<UNet2DConditionConfig> {
  let text: string;
  try {
    text = await readFile(configPath, 'utf8');
  } catch (error) {
    throw new Error(
      `Cannot read the UNet config ${configPath}: ${(error as Error).message}. A diffusers UNet folder has config.json beside its weights.`,
    );
  }
  try {
    return JSON.parse(text) as UNet2DConditionConfig;
  } catch (error) {
    throw new Error(`The UNet config ${configPath} is not valid JSON: ${(error as Error).message}.`);
  }
}
