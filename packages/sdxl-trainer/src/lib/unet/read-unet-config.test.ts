import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SHARED, useTemporaryDirectory } from '@pixel-tools/test-support';
import { ModelConfigError } from '../model-config/model-config-error.js';
import { readUnetConfig } from './read-unet-config.js';

const dir = useTemporaryDirectory('read-unet-config');
const tinyConfig = path.join(SHARED.tinyPipeline, 'unet/config.json');

describe('readUnetConfig', () => {
  it('returns the config as given, unknown fields kept', async () => {
    const config = await readUnetConfig(tinyConfig);
    expect(config).toEqual(JSON.parse(await readFile(tinyConfig, 'utf8')));
    expect(config.sample_size).toBe(8);
  });

  it('checks the fields before anyone builds from them, naming the file and the field', async () => {
    const file = path.join(dir(), 'config.json');
    const config = JSON.parse(await readFile(tinyConfig, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...config, layers_per_block: 1e9 }));
    const error = (await readUnetConfig(file).catch((e: unknown) => e)) as ModelConfigError;
    expect(error).toBeInstanceOf(ModelConfigError);
    expect(error.message).toBe(
      `Invalid UNet config ${file}: "layers_per_block" is 1000000000; allowed: an integer from 1 to 8, or a list of 3 such integers (one per block).`,
    );
  });

  it('refuses a file too large to be a config before reading it, and one that is not JSON', async () => {
    const file = path.join(dir(), 'config.json');
    await writeFile(file, `{"pad": "${'x'.repeat(1024 * 1024)}"}`);
    await expect(readUnetConfig(file)).rejects.toThrow(
      `Cannot read the UNet config ${file}: it is 1048587 bytes, more than the 1048576 a model config may have.`,
    );
    await writeFile(file, '{"layers_per_block": ');
    await expect(readUnetConfig(file)).rejects.toThrow(`The UNet config ${file} is not valid JSON`);
  });
});
