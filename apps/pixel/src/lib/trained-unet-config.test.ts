import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SHARED, useTemporaryDirectory } from '@pixel-tools/test-support';
import { UsageError } from '@pixel/constraints';
import type { TrainOptions } from '@pixel/sdxl-trainer';
import { trainedUnetConfig } from './trained-unet-config.js';

const fixtureConfig = async () =>
  JSON.parse(await readFile(path.join(SHARED.unetVaeTiny, 'config.json'), 'utf8')) as unknown;

const neverResolved = () => Promise.reject(new Error('a local folder needs no download'));

describe('trainedUnetConfig', () => {
  const temporary = useTemporaryDirectory('trained-unet-config');

  it("reads the pipeline's unet/config.json, or the UNet folder given instead, without downloading", async () => {
    const pipeline = path.join(temporary(), 'pipeline');
    await mkdir(path.join(pipeline, 'unet'), { recursive: true });
    await writeFile(path.join(pipeline, 'model_index.json'), '{"_class_name": "StableDiffusionXLPipeline"}');
    await copyFile(path.join(SHARED.unetVaeTiny, 'config.json'), path.join(pipeline, 'unet', 'config.json'));
    const options = { pretrainedModelNameOrPath: 'pipeline' };
    const cwd = temporary();
    expect(await trainedUnetConfig(options, { cwd, resolve: neverResolved })).toEqual(await fixtureConfig());
    const withUnet = { ...options, pretrainedUnetModelNameOrPath: SHARED.unetVaeTiny };
    expect(await trainedUnetConfig(withUnet, { cwd, resolve: neverResolved })).toEqual(await fixtureConfig());
  });

  it('resolves a Hub id as training does, then reads the folder it resolved to', async () => {
    const resolve = () => Promise.resolve({ pretrainedModelNameOrPath: SHARED.unetVaeTiny } as TrainOptions);
    const options = { pretrainedModelNameOrPath: 'stabilityai/stable-diffusion-xl-base-1.0' };
    expect(await trainedUnetConfig(options, { cwd: temporary(), resolve })).toEqual(await fixtureConfig());
  });

  it('refuses a malformed uid naming the flag, before anything is resolved', async () => {
    const options = { pretrainedModelNameOrPath: 'pipeline', pretrainedUnetModelNameOrPath: 'uid:x' };
    await expect(trainedUnetConfig(options, { cwd: temporary(), resolve: neverResolved })).rejects.toThrow(
      UsageError,
    );
    await expect(trainedUnetConfig(options, { cwd: temporary(), resolve: neverResolved })).rejects.toThrow(
      '--pretrained_unet_model_name_or_path uid:x',
    );
  });
});
