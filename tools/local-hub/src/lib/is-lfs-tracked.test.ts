import { DEFAULT_GITATTRIBUTES } from './gitattributes.js';
import { isLfsTracked } from './is-lfs-tracked.js';

describe('isLfsTracked', () => {
  it('matches name patterns at any depth and path patterns from the root', () => {
    expect(isLfsTracked(DEFAULT_GITATTRIBUTES, 'unet/diffusion_pytorch_model.safetensors')).toBe(true);
    expect(isLfsTracked(DEFAULT_GITATTRIBUTES, 'runs/events.out.tfevents.1')).toBe(true);
    expect(isLfsTracked(DEFAULT_GITATTRIBUTES, 'saved_model/variables/data')).toBe(true);
    expect(isLfsTracked(DEFAULT_GITATTRIBUTES, 'unet/config.json')).toBe(false);
    expect(isLfsTracked('big.json filter=lfs diff=lfs merge=lfs -text\n', 'big.json')).toBe(true);
    expect(isLfsTracked('*.json -text\n', 'big.json')).toBe(false);
  });
});
