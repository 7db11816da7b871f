import type { Subtensor } from '../types/public.js';
import { withTimeout } from './with-timeout.js';

/** The head block number, as the SDK's `get_current_block`. */
export async function getCurrentBlock(subtensor: Subtensor): Promise<number> {
  const header = await withTimeout(subtensor.api.rpc.chain.getHeader(), {
    operation: 'Reading the head block',
    timeoutMs: subtensor.callTimeoutMs,
    endpoint: subtensor.endpoint,
  });
  return header.number.toNumber();
}
