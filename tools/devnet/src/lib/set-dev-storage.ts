import type { WsProvider } from '@polkadot/api';

/** chopsticks `dev_setStorage`: write decoded values by pallet and item name, bypassing the runtime (dev chains only). */
export async function setDevStorage(
  provider: WsProvider,
  values: Record<string, Record<string, unknown>>,
): Promise<void> {
  await provider.send('dev_setStorage', [values]);
}
