import { sdxlBaseComponent, sdxlBaseKeys } from '../../test-support/sdxl-base-keys.js';
import { CLIPTextModel } from './clip-text-model.js';
import { CLIPTextModelWithProjection } from './clip-text-model-with-projection.js';

describe('full-size SDXL base text encoders, described without allocating weights', () => {
  it.each([
    ['text_encoder', CLIPTextModel],
    ['text_encoder_2', CLIPTextModelWithProjection],
  ] as const)('%s: every key and shape in state_dict order, and the parameter count', (component, model) => {
    const { config, parameters, keys } = sdxlBaseComponent(component);
    const spec = model.parameterSpec(config);
    expect(spec).toEqual(sdxlBaseKeys(component));
    expect(spec).toHaveLength(keys);
    expect(new model(config).parameterCount()).toBe(parameters);
  });
});
