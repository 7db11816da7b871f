import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ModelConfigError, selectBackend } from '@pixel/sdxl-trainer';
import { SHARED } from '@pixel-tools/test-support';
import { writeUnetWithConfig } from '../test-support/write-unet-with-config.js';
import { countUnetParameters } from './count-unet-parameters.js';
import { loadLocalModel } from './load-local-model.js';

describe('countUnetParameters and loadLocalModel', () => {
  it('counts from the config exactly what the loaded model holds', async () => {
    selectBackend('cpu', { log: false });
    const unet = await loadLocalModel(SHARED.tinyPipeline);
    try {
      expect(await countUnetParameters(path.join(SHARED.tinyPipeline, 'unet'))).toBe(unet.parameterCount());
      expect(unet.parameterCount()).toBeGreaterThan(1_000_000);
    } finally {
      unet.dispose();
    }
  });

  it('says which config it cannot read', async () => {
    await expect(countUnetParameters(SHARED.tinyPipeline)).rejects.toThrow(
      `Cannot read the UNet config ${path.join(SHARED.tinyPipeline, 'config.json')}`,
    );
  });

  it('refuses a crafted config by field before describing the model (a billion layers ran the heap out)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pixel-count-parameters-'));
    try {
      await writeUnetWithConfig(dir, { layers_per_block: 1e9 });
      const error = (await countUnetParameters(dir).catch((e: unknown) => e)) as ModelConfigError;
      expect(error).toBeInstanceOf(ModelConfigError);
      expect(error.field).toBe('layers_per_block');
      expect(error.message).toBe(
        `Invalid UNet config ${path.join(dir, 'config.json')}: "layers_per_block" is 1000000000; ` +
          'allowed: an integer from 1 to 8, or a list of 3 such integers (one per block).',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
