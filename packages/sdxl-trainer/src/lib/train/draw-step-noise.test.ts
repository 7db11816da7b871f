import { RandomGenerator } from '../random/random-generator.js';
import { createTimestepSampler } from '../timesteps/create-timestep-sampler.js';
import { drawStepNoise } from './draw-step-noise.js';

const uniform = createTimestepSampler(
  { strategy: 'none', multiplier: 1, begin: 0, end: 1000, portion: 0.25 },
  1000,
);

describe('drawStepNoise', () => {
  it('draws noise, then one offset per sample and channel added over its pixels, then timesteps', () => {
    const plain = drawStepNoise(RandomGenerator.fromSeed(1, 'step', 0), [2, 4, 3, 3], 0, uniform);
    const offset = drawStepNoise(RandomGenerator.fromSeed(1, 'step', 0), [2, 4, 3, 3], 0.1, uniform);
    const reference = RandomGenerator.fromSeed(1, 'step', 0);
    reference.fillNormal(new Float32Array(72));
    const offsets = reference.fillNormal(new Float32Array(8));
    for (let plane = 0; plane < 8; plane++) {
      for (let i = plane * 9; i < plane * 9 + 9; i++) {
        expect(offset.noise[i]).toBe(Math.fround(plain.noise[i]! + Math.fround(0.1 * offsets[plane]!)));
      }
    }
    expect(Array.from(offset.timesteps)).toEqual(Array.from(uniform(reference, 2)));
    expect(plain.timesteps.length).toBe(2);
  });
});
