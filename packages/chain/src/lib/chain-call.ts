import type { Subtensor } from '../types/public.js';
import { withTimeout } from './with-timeout.js';

/** Resolves once the client is connected again (polkadot-js reconnects by itself after a drop). */
function connected(subtensor: Subtensor): Promise<void> {
  if (subtensor.api.isConnected) return Promise.resolve();
  return new Promise((resolve) => subtensor.api.once('connected', () => resolve()));
}

/**
 * Run one chain call within the client's call timeout: wait for a dropped connection to come back,
 * then for the answer, else fail with a ChainTimeoutError naming `operation`.
 */
export async function chainCall<T>(
  subtensor: Subtensor,
  operation: string,
  run: () => Promise<T>,
  onTimeout?: () => void,
): Promise<T> {
  return withTimeout(connected(subtensor).then(run), {
    operation,
    timeoutMs: subtensor.callTimeoutMs,
    endpoint: subtensor.endpoint,
    onTimeout,
  });
}
