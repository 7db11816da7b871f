import { UNet2DConditionModel } from '@pixel/sdxl-trainer';
import { resolveUnetDir } from './resolve-unet-dir.js';

/** Load the UNet saved in `dir` (a UNet folder, or a pipeline folder holding `unet/`). Weights are float32 in memory. */
export async function loadLocalModel(dir: string): Promise<UNet2DConditionModel> {
  return UNet2DConditionModel.fromPretrained(await resolveUnetDir(dir));
}
