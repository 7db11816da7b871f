import '@tensorflow/tfjs-backend-cpu';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { ModelConfigError } from '../model-config/model-config-error.js';
import { writeSafetensors } from '../safetensors/write-safetensors.js';
import { Linear } from './linear.js';
import { loadPretrained } from './load-pretrained.js';

interface TinyConfig {
  in_features: number;
  out_features: number;
}

/** A one-layer model folder as diffusers lays it out: config.json beside `<weightsName>.safetensors`. */
async function tinyModelFolder(
  config: unknown,
  weights: { name: string; shape: number[]; fill?: number }[],
): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'load-pretrained-'));
  await writeFile(path.join(folder, 'config.json'), JSON.stringify(config));
  await writeSafetensors(
    path.join(folder, 'model.safetensors'),
    weights.map(({ name, shape, fill }) => ({
      name,
      shape,
      dtype: 'F32',
      data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => fill ?? i + 1),
    })),
  );
  return folder;
}

const readConfig = async (configPath: string) => JSON.parse(await readFile(configPath, 'utf8')) as TinyConfig;

function buildLinear(config: TinyConfig): Linear {
  if (!Number.isInteger(config.out_features) || config.out_features < 1) {
    throw new ModelConfigError(
      'UNet',
      'out_features',
      `is ${config.out_features}; allowed: an integer from 1.`,
    );
  }
  return new Linear(config.in_features, config.out_features);
}

describe('loadPretrained', () => {
  const folders: string[] = [];
  afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

  it('reads config.json, builds the model from it and loads its weights', async () => {
    const folder = await tinyModelFolder({ in_features: 2, out_features: 3 }, [
      { name: 'weight', shape: [3, 2] },
      { name: 'bias', shape: [3] },
    ]);
    folders.push(folder);
    const seen: string[] = [];
    const model = await loadPretrained(folder, {
      readConfig: (configPath) => {
        seen.push(configPath);
        return readConfig(configPath);
      },
      build: buildLinear,
      weightsName: 'model',
    });
    expect(seen).toEqual([path.join(folder, 'config.json')]);
    expect(model.outFeatures).toBe(3);
    expect(Array.from(await model.bias!.variable.data())).toEqual([1, 2, 3]);
    model.dispose();
  });

  it('names config.json in the error of a config the model cannot be built from', async () => {
    const folder = await tinyModelFolder({ in_features: 2, out_features: 0 }, []);
    folders.push(folder);
    const failed = await loadPretrained(folder, {
      readConfig,
      build: buildLinear,
      weightsName: 'model',
    }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(ModelConfigError);
    expect((failed as ModelConfigError).file).toBe(path.join(folder, 'config.json'));
  });

  it('disposes the model when its weights fail to load half way, leaving no tensor behind', async () => {
    // `bias` is read (and becomes a variable) before the NaN in `weight` stops the load.
    const folder = await tinyModelFolder({ in_features: 2, out_features: 3 }, [
      { name: 'bias', shape: [3] },
      { name: 'weight', shape: [3, 2], fill: Number.NaN },
    ]);
    folders.push(folder);
    const before = tf.memory().numTensors;
    await expect(
      loadPretrained(folder, { readConfig, build: buildLinear, weightsName: 'model' }),
    ).rejects.toThrow(/weight/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
