// Measures the cpu-path randomness a training step needs: standard-normal noise for a batch of SDXL
// latents, timestep draws, and the per-epoch data order, so their cost can be compared with a step's.
import os from 'node:os';
import { epochOrder } from '../lib/random/epoch-order.js';
import { RandomGenerator } from '../lib/random/random-generator.js';
import { createTimestepSampler } from '../lib/timesteps/create-timestep-sampler.js';

function timed(label: string, repeats: number, work: () => void): Record<string, string | number> {
  work(); // warm-up: the first call pays for compilation
  const start = process.hrtime.bigint();
  for (let i = 0; i < repeats; i++) work();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { operation: label, repeats, 'ms each': Number(((1000 * seconds) / repeats).toFixed(3)) };
}

const random = RandomGenerator.fromSeed(42);
const latentNoise = new Float32Array(4 * 128 * 128); // one 1024x1024 sample's latents
const uniformNoise = new Float32Array(4 * 128 * 128);
const uniformTimesteps = createTimestepSampler(
  { strategy: 'none', multiplier: 1, begin: 0, end: 1000, portion: 0.25 },
  1000,
);
const biasedTimesteps = createTimestepSampler(
  { strategy: 'later', multiplier: 2, begin: 0, end: 1000, portion: 0.25 },
  1000,
);

console.log(
  `\nRandomGenerator (xoshiro128**) on the cpu path (Node ${process.version}, ${os.cpus().length} cores)`,
);
console.table([
  timed('fillNormal, 4x128x128 (one 1024px latent)', 50, () => random.fillNormal(latentNoise)),
  timed('fillUniform, 4x128x128', 50, () => random.fillUniform(uniformNoise)),
  timed('timesteps, uniform, batch of 16', 10_000, () => uniformTimesteps(random, 16)),
  timed('timesteps, later x2 (multinomial), batch of 16', 10_000, () => biasedTimesteps(random, 16)),
  timed('epochOrder, 40,000 samples', 20, () => epochOrder(40_000, 42, 3)),
  timed('fromSeed with a stream (per-sample generator)', 10_000, () =>
    RandomGenerator.fromSeed(42, 'sample', 12345),
  ),
]);
