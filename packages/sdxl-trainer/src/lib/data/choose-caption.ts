import type { RandomGenerator } from '../random/random-generator.js';
import type { Caption } from './types.js';

/**
 * The caption a sample is trained with, as the diffusers script's encode_prompt: with probability
 * `proportionEmptyPrompts` the empty prompt (one uniform draw, always made so the stream does not
 * depend on the outcome), otherwise the caption, or a uniformly chosen one of several.
 */
export function chooseCaption(
  caption: Caption,
  proportionEmptyPrompts: number,
  random: RandomGenerator,
): string {
  if (random.uniform() < proportionEmptyPrompts) return '';
  if (typeof caption === 'string') return caption;
  return caption[random.integer(caption.length)]!;
}
