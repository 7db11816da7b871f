import path from 'node:path';
import { selectBackend } from '@pixel/sdxl-trainer';
import { SHARED } from '../test-support/shared-paths.js';
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
});
