import type { Option, Struct } from '@polkadot/types';
import type { Codec, INumber } from '@polkadot/types/types';

/** A hotkey's commitment space use on a subnet: `Commitments.UsedSpaceOf` = `{ last_epoch: u64, used_space: u64 }`. */
export interface UsedSpace {
  /** The subnet epoch index of its last commitment. */
  lastEpoch: number;
  /** Space its commitments used in that epoch (each costs max(100, bytes)). */
  usedSpace: number;
}

function field(struct: Struct, name: string): number | undefined {
  const value = struct.get(name) as INumber | undefined;
  return typeof value?.toBigInt === 'function' ? Number(value.toBigInt()) : undefined;
}

/**
 * `Commitments.UsedSpaceOf(netuid, hotkey)` as read (`Option<UsageTracker>`); undefined when the hotkey has not
 * committed, or when a future runtime changes the shape (the chain still enforces the budget itself).
 */
export function decodeUsedSpace(value: Option<Codec>): UsedSpace | undefined {
  if (value.isNone) return undefined;
  const tracker = value.unwrap() as Struct;
  if (typeof tracker.get !== 'function') return undefined;
  const lastEpoch = field(tracker, 'lastEpoch');
  const usedSpace = field(tracker, 'usedSpace');
  return lastEpoch === undefined || usedSpace === undefined ? undefined : { lastEpoch, usedSpace };
}
