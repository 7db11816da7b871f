import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UNet2DConditionModel, type UNet2DConditionConfig } from '@pixel/sdxl-trainer';

/** The UNet's parameter count from `unetDir/config.json` alone: no weight is read or allocated. */
export async function countUnetParameters(unetDir: string): Promise<number> {
  const file = path.join(unetDir, 'config.json');
  let config: UNet2DConditionConfig;
  try {
    config = JSON.parse(await readFile(file, 'utf8')) as UNet2DConditionConfig;
  } catch (error) {
    throw new Error(`Cannot read the UNet config ${file}: ${(error as Error).message}`, { cause: error });
  }
  let count = 0;
  for (const { shape } of UNet2DConditionModel.parameterSpec(config)) {
    count += shape.reduce((product, size) => product * size, 1);
  }
  return count;
}
