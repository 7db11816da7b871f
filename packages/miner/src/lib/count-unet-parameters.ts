import path from 'node:path';
import { readUnetConfig, UNet2DConditionModel } from '@pixel/sdxl-trainer';

/**
 * The UNet's parameter count from `unetDir/config.json` alone: no weight is read or allocated. The config is
 * bounded field by field first (readUnetConfig throws a ModelConfigError naming the field), so a crafted one
 * cannot make the count walk a billion layers; the largest module tree the bounds allow is described in
 * about 0.2 s.
 */
export async function countUnetParameters(unetDir: string): Promise<number> {
  const config = await readUnetConfig(path.join(unetDir, 'config.json'));
  let count = 0;
  for (const { shape } of UNet2DConditionModel.parameterSpec(config)) {
    count += shape.reduce((product, size) => product * size, 1);
  }
  return count;
}
