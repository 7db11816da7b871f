import type { Subtensor } from '../types/public.js';
import { HotkeyNotRegisteredError } from './errors.js';
import { getUidForHotkey } from './get-uid-for-hotkey.js';

/** The hotkey's uid on the subnet; throws HotkeyNotRegisteredError (saying how to register) when it has none. */
export async function requireRegisteredUid(
  subtensor: Subtensor,
  netuid: number,
  hotkey: string,
): Promise<number> {
  const uid = await getUidForHotkey(subtensor, netuid, hotkey);
  if (uid === undefined) throw new HotkeyNotRegisteredError(hotkey, netuid);
  return uid;
}
