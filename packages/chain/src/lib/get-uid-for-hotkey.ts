import type { Option, u16 } from '@polkadot/types';

import type { Subtensor } from '../types/public.js';
import { chainQuery } from './chain-query.js';

/** The hotkey's uid on the subnet (`SubtensorModule.Uids`), or undefined when it is not registered there. */
export async function getUidForHotkey(
  subtensor: Subtensor,
  netuid: number,
  hotkey: string,
): Promise<number | undefined> {
  const uid = await chainQuery<Option<u16>>(subtensor, 'subtensorModule', 'uids', netuid, hotkey);
  return uid.isSome ? uid.unwrap().toNumber() : undefined;
}
