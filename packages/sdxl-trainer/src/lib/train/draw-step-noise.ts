import type { RandomGenerator } from '../random/random-generator.js';
import type { TimestepSampler } from '../timesteps/create-timestep-sampler.js';

/** What one micro-batch draws: the noise (offset included) and the timesteps. */
export interface StepNoise {
  /** [batch, channels, height, width] values. */
  noise: Float32Array;
  timesteps: Int32Array;
}

/**
 * The random draws of one training micro-batch, in the diffusers script's order: noise ~ N(0, 1) shaped
 * like the latents; with `noiseOffset`, plus noiseOffset * N(0, 1) per (sample, channel) broadcast over
 * the pixels (offset noise); then the timesteps.
 */
export function drawStepNoise(
  random: RandomGenerator,
  shape: readonly [number, number, number, number],
  noiseOffset: number,
  sampleTimesteps: TimestepSampler,
): StepNoise {
  const [batch, channels, height, width] = shape;
  const noise = random.fillNormal(new Float32Array(batch * channels * height * width));
  if (noiseOffset) {
    const offsets = random.fillNormal(new Float32Array(batch * channels));
    const pixels = height * width;
    offsets.forEach((offset, plane) => {
      const shift = Math.fround(noiseOffset * offset);
      for (let i = plane * pixels; i < (plane + 1) * pixels; i++) noise[i] = Math.fround(noise[i]! + shift);
    });
  }
  return { noise, timesteps: sampleTimesteps(random, batch) };
}
