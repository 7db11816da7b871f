import { sdxlBaseComponent, sdxlBaseKeys } from '../../test-support/sdxl-base-keys.js';
import { AutoencoderKL } from './autoencoder-kl.js';

describe('full-size SDXL base VAE, described without allocating weights', () => {
  it('every key and shape in state_dict order, the parameter count and its encoder/decoder split', () => {
    const { config, parameters, keys } = sdxlBaseComponent('vae');
    const spec = AutoencoderKL.parameterSpec(config);
    expect(spec).toEqual(sdxlBaseKeys('vae'));
    expect(spec).toHaveLength(keys);
    const vae = new AutoencoderKL(config);
    expect(vae.parameterCount()).toBe(parameters);
    expect(vae.encoder.parameterCount() + vae.quantConv.parameterCount()).toBe(34_163_664);
    expect(vae.decoder.parameterCount() + vae.postQuantConv.parameterCount()).toBe(49_490_199);
  });
});
