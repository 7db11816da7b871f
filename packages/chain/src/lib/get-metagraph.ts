import type { AccountId32 } from '@polkadot/types/interfaces';
import type { bool, u16, Vec } from '@polkadot/types';

import type { Metagraph, Subtensor } from '../types/public.js';
import { chainCall } from './chain-call.js';
import { netuidStorageIndex } from './netuid-storage-index.js';
import { storageEntry } from './storage-entry.js';

const U16_MAX = 65_535;

export interface GetMetagraphOptions {
  /** Read at this block hash instead of the head. */
  at?: string;
}

/**
 * The subnet's uid -> hotkey table and each uid's incentive from plain storage (`SubnetworkN`, `Keys`,
 * `Incentive`), which every runtime has (the SDK's runtime-API metagraph calls return opaque bytes on older
 * runtimes). Everything is read at one block, the head's unless `at` names another, so a registration landing
 * meanwhile cannot mix two states; the uid table comes in one storage scan.
 */
export async function getMetagraph(
  subtensor: Subtensor,
  netuid: number,
  options: GetMetagraphOptions = {},
): Promise<Metagraph> {
  const read = async (): Promise<Metagraph> => {
    const header = await (options.at
      ? subtensor.api.rpc.chain.getHeader(options.at)
      : subtensor.api.rpc.chain.getHeader());
    const api = await subtensor.api.at(header.hash);
    const query = (item: string) => storageEntry(api, subtensor.endpoint, 'subtensorModule', item);
    const exists = (await query('networksAdded')(netuid)) as bool;
    if (!exists.isTrue)
      throw new Error(
        `Subnet ${netuid} does not exist on ${subtensor.endpoint}; check the netuid and --subtensor.network`,
      );
    const [size, keys, stored] = await Promise.all([
      query('subnetworkN')(netuid) as Promise<u16>,
      query('keys').entries(netuid),
      // u16 fixed point, as the SDK's metagraph.I: 65535 is 1. Keyed by NetUidStorageIndex (mechanism 0).
      query('incentive')(netuidStorageIndex(netuid)) as Promise<Vec<u16>>,
    ]);
    // Keys is a value query: a uid below SubnetworkN without an entry reads as the all-zero account.
    const hotkeys = new Array<string>(size.toNumber()).fill(
      api.registry.createType('AccountId32').toString(),
    );
    for (const [key, hotkey] of keys) {
      const uid = (key.args[1] as u16 | undefined)?.toNumber();
      if (uid !== undefined && uid < hotkeys.length) hotkeys[uid] = (hotkey as AccountId32).toString();
    }
    const incentive = hotkeys.map((_, uid) => (stored[uid]?.toNumber() ?? 0) / U16_MAX);
    return { netuid, block: header.number.toNumber(), hotkeys, incentive };
  };
  return chainCall(subtensor, 'Reading the metagraph', read);
}
