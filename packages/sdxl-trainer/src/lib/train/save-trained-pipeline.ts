import { copyFile, link, mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { readModelIndex } from '../pipeline/read-model-index.js';
import type { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import { toFileSystemErrorAt } from './to-file-system-error-at.js';

export interface SaveTrainedPipelineInput {
  unet: UNet2DConditionModel;
  /** The source pipeline folder (`--pretrained_model_name_or_path`). */
  pipelineDir: string;
  /** `--pretrained_vae_model_name_or_path`, when training used another VAE: it goes into `vae/`. */
  vaeDir?: string;
  outputDir: string;
}

/**
 * Makes `outputDir` a diffusers pipeline folder: the trained UNet in `unet/` (float32 safetensors +
 * config.json, as save_pretrained), every other component of model_index.json and model_index.json itself
 * hard-linked from the source pipeline (copied where linking is impossible, e.g. across file systems).
 * Each file appears complete or not at all; a file-system failure (a full disk, say) is a FileSystemError
 * naming `outputDir` and the fix.
 */
export async function saveTrainedPipeline(input: SaveTrainedPipelineInput): Promise<void> {
  try {
    await writePipeline(input);
  } catch (error) {
    throw toFileSystemErrorAt(error, input.outputDir, {
      action: 'save the trained pipeline to',
      elsewhere: 'or choose another folder with --output_dir',
    });
  }
}

async function writePipeline(input: SaveTrainedPipelineInput): Promise<void> {
  const { unet, pipelineDir, outputDir } = input;
  await unet.savePretrained(path.join(outputDir, 'unet'), { dtype: 'float32' });
  const index = await readModelIndex(pipelineDir);
  for (const component of index.keys()) {
    if (component === 'unet') continue;
    const source = component === 'vae' && input.vaeDir ? input.vaeDir : path.join(pipelineDir, component);
    await linkTree(source, path.join(outputDir, component));
  }
  await linkFile(path.join(pipelineDir, 'model_index.json'), path.join(outputDir, 'model_index.json'));
}

async function linkTree(source: string, target: string): Promise<void> {
  await mkdir(target, { recursive: true });
  for (const entry of await readdir(source, { withFileTypes: true })) {
    const from = path.join(source, entry.name);
    const to = path.join(target, entry.name);
    if (entry.isDirectory()) await linkTree(from, to);
    else if (entry.isFile()) await linkFile(from, to);
  }
}

async function linkFile(source: string, target: string): Promise<void> {
  const temporary = `${target}.${process.pid}.tmp`;
  await rm(temporary, { force: true });
  await link(source, temporary).catch(() => copyFile(source, temporary));
  await rename(temporary, target);
}
