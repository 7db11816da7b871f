import { RandomGenerator } from './random-generator.js';

/**
 * The order in which epoch `epoch` visits a dataset of `length` samples: a permutation of
 * 0..length-1 that depends only on (seed, epoch). A run resumed mid-epoch recomputes it and seeks to
 * its saved position instead of replaying earlier epochs.
 */
export function epochOrder(length: number, seed: number, epoch: number): Uint32Array {
  if (!Number.isInteger(length) || length < 0 || length > 0xffffffff) {
    throw new Error(`epochOrder needs a dataset length between 0 and 2^32-1, got ${length}.`);
  }
  if (!Number.isSafeInteger(epoch) || epoch < 0)
    throw new Error(`epochOrder needs a non-negative integer epoch, got ${epoch}.`);
  const order = new Uint32Array(length);
  for (let i = 0; i < length; i++) order[i] = i;
  return RandomGenerator.fromSeed(seed, 'epoch-order', epoch).shuffle(order);
}
