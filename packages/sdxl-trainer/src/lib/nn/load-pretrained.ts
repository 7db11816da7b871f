import path from 'node:path';
import { ModelConfigError } from '../model-config/model-config-error.js';
import { loadModuleWeights } from './load-module-weights.js';
import type { Module } from './module.js';

/** What one model class contributes to {@link loadPretrained}. */
export interface PretrainedModel<Config, Model extends Module> {
  /** Reads `config.json`, bounded (size, and every field the model reads) and naming the file in its errors. */
  readConfig: (configPath: string) => Promise<Config>;
  /** Builds the architecture from the config, without weights. */
  build: (config: Config) => Model;
  /** The weights file stem: `diffusion_pytorch_model` (diffusers) or `model` (transformers). */
  weightsName: string;
  /** A weights variant such as `fp16`. */
  variant?: string;
}

/**
 * What every `fromPretrained` does: reads `<folder>/config.json`, builds the model (a config error names
 * that file), loads `<weightsName>[.variant].safetensors` (or its shards) into it, and disposes the model
 * when loading fails part way, so a bad checkpoint leaves no tensors behind.
 */
export async function loadPretrained<Config, Model extends Module>(
  folder: string,
  { readConfig, build, weightsName, variant }: PretrainedModel<Config, Model>,
): Promise<Model> {
  const configPath = path.join(folder, 'config.json');
  const config = await readConfig(configPath);
  const model = ModelConfigError.inFile(configPath, () => build(config));
  try {
    await loadModuleWeights(model, folder, { weightsName, variant });
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}
