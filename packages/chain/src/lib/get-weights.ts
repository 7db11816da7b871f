import type { u16, Vec } from '@polkadot/types';
import type { ITuple } from '@polkadot/types/types';

import type { Subtensor } from '../types/public.js';
import { chainQuery } from './chain-query.js';
import { netuidStorageIndex } from './netuid-storage-index.js';

/**
 * The weights the uid has set on the subnet (mechanism 0), as stored on chain (u16, max-upscaled):
 * `[[uid, weight], ...]`.
 */
export async function getWeights(
  subtensor: Subtensor,
  netuid: number,
  uid: number,
): Promise<Array<[number, number]>> {
  const stored = await chainQuery<Vec<ITuple<[u16, u16]>>>(
    subtensor,
    'subtensorModule',
    'weights',
    netuidStorageIndex(netuid),
    uid,
  );
  return stored.map(([target, weight]) => [target.toNumber(), weight.toNumber()]);
}
