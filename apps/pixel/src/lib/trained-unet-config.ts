import path from 'node:path';
import { locateModel, resolveUnetDir } from '@pixel/miner';
import { readUnetConfig, type TrainOptions, type UNet2DConditionConfig } from '@pixel/sdxl-trainer';

/**
 * The config.json of the UNet a run with these options trains: --pretrained_unet_model_name_or_path's, else
 * the pipeline's unet/. A local folder is read as it is; a Hub id or a committed model is first resolved as
 * training resolves it (`resolve`: downloaded into the cache, where the run then finds it).
 */
export async function trainedUnetConfig(
  options: Pick<TrainOptions, 'pretrainedModelNameOrPath' | 'pretrainedUnetModelNameOrPath'>,
  { cwd, resolve }: { cwd: string; resolve: () => Promise<TrainOptions> },
): Promise<UNet2DConditionConfig> {
  const unet = options.pretrainedUnetModelNameOrPath;
  const location = await locateModel(unet ?? options.pretrainedModelNameOrPath, {
    cwd,
    committed: unet !== undefined,
    flag: unet ? '--pretrained_unet_model_name_or_path' : '--pretrained_model_name_or_path',
  });
  let folder: string;
  if (location.kind === 'folder') {
    folder = location.folder;
  } else {
    const resolved = await resolve();
    folder = resolved.pretrainedUnetModelNameOrPath ?? resolved.pretrainedModelNameOrPath;
  }
  return readUnetConfig(path.join(await resolveUnetDir(folder), 'config.json'));
}
