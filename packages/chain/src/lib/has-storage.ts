import type { Subtensor } from '../types/public.js';

/** Whether this runtime has the storage item: runtimes differ (spec 218 vs. today's mainnet). */
export function hasStorage(subtensor: Subtensor, section: string, item: string): boolean {
  return subtensor.api.query[section]?.[item] !== undefined;
}
