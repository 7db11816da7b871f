import type { Subtensor } from '../types/public.js';
import { chainCall } from './chain-call.js';

/** The head block number, as the SDK's `get_current_block`. */
export async function getCurrentBlock(subtensor: Subtensor): Promise<number> {
  const header = await chainCall(subtensor, 'Reading the head block', () =>
    subtensor.api.rpc.chain.getHeader(),
  );
  return header.number.toNumber();
}
