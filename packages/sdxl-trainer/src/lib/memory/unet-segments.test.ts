import '@tensorflow/tfjs-backend-cpu';
import { mediumUnetConfig } from '../../bench/support/medium-unet-config.js';
import { sdxlBaseComponent } from '../../test-support/sdxl-base-keys.js';
import type { UNet2DConditionConfig } from '../../types/unet.js';
import { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import { unetSegments } from './unet-segments.js';

const SIZES = { batch: 1, latentHeight: 128, latentWidth: 128, contextTokens: 77 };

describe('unetSegments', () => {
  it("lists the full-size SDXL UNet's parts in forward order, with every parameter in exactly one", () => {
    const { config, parameters } = sdxlBaseComponent('unet');
    const segments = unetSegments(config as UNet2DConditionConfig, SIZES);
    const count = (kind: string) => segments.filter((segment) => segment.kind === kind).length;
    expect([count('resnet'), count('transformerBlock'), count('transformer'), count('concat')]).toEqual([
      17, 70, 11, 9,
    ]);
    expect([count('downsample'), count('upsample')]).toEqual([2, 2]);
    expect(segments[0]!.kind).toBe('embeddings');
    expect(segments.at(-1)!.kind).toBe('output');
    expect(segments.reduce((sum, segment) => sum + segment.parameterBytes, 0)).toBe(4 * parameters);
    expect(
      segments.find((segment) => segment.name === 'down_blocks.1.attentions.0.transformer_blocks.1'),
    ).toMatchObject({
      kind: 'transformerBlock',
      tokens: 64 * 64,
      channels: 640,
      heads: 10,
      contextTokens: 77,
      contextChannels: 2048,
    });
    // The first up block's last resnet reads the 1280-wide state and the 640-wide skip of down block 1.
    expect(segments.find((segment) => segment.name === 'up_blocks.0.resnets.2')).toMatchObject({
      kind: 'resnet',
      pixels: 32 * 32,
      inChannels: 1280 + 640,
      outChannels: 1280,
    });
  });

  it('puts outside the checkpointed blocks exactly the parameters the model leaves to a fused pass', () => {
    const unet = UNet2DConditionModel.fromConfig(mediumUnetConfig);
    const unfused = unet.unfusedVariables().reduce((sum, variable) => sum + 4 * variable.size, 0);
    const segments = unetSegments(mediumUnetConfig, SIZES);
    const outside = segments
      .filter((segment) => segment.kind !== 'resnet' && segment.kind !== 'transformerBlock')
      .reduce((sum, segment) => sum + segment.parameterBytes, 0);
    expect(outside).toBe(unfused);
    unet.dispose();
  });
});
