import { ApiPromise, WsProvider } from '@polkadot/api';

import type { ConnectOptions, Subtensor } from '../types/public.js';
import { withTimeout } from './with-timeout.js';

/**
 * Signed extensions polkadot-js cannot know from metadata alone. Mainnet's `ChargeTransactionPaymentWrapper`
 * wraps ChargeTransactionPayment, so it carries a compact tip; the others encode nothing. Ignored by runtimes
 * that lack them (spec 218).
 */
const SUBTENSOR_SIGNED_EXTENSIONS = {
  ChargeTransactionPaymentWrapper: { extrinsic: { tip: 'Compact<Balance>' }, payload: {} },
};

/** Between reconnect attempts after the connection drops; polkadot-js resubscribes by itself. */
const RECONNECT_DELAY_MS = 2_500;

/**
 * Connect to a subtensor node (see `resolveChainCliConfig` for network names). Gives up with a
 * ChainTimeoutError after `connectTimeoutMs`; reconnects on its own after drops; every library call
 * made with the result fails after `callTimeoutMs` instead of hanging.
 */
export async function connectSubtensor(options: ConnectOptions): Promise<Subtensor> {
  const { endpoint, connectTimeoutMs = 30_000, callTimeoutMs = 60_000 } = options;
  if (!/^wss?:\/\//.test(endpoint)) {
    throw new Error(`Subtensor endpoint must be a ws:// or wss:// URL, got "${endpoint}"`);
  }
  const provider = new WsProvider(endpoint, RECONNECT_DELAY_MS, {}, connectTimeoutMs);
  const api = new ApiPromise({ provider, noInitWarn: true, signedExtensions: SUBTENSOR_SIGNED_EXTENSIONS });
  await withTimeout(api.isReady, {
    operation: 'Connecting',
    timeoutMs: connectTimeoutMs,
    endpoint,
    // Stop the reconnect loop. Closing mid-handshake makes polkadot-js reject its own isReadyOrError
    // promise, which nobody else awaits: consume it so it does not surface as an unhandled rejection.
    onTimeout: () => {
      api.isReadyOrError.catch(() => undefined);
      void api.disconnect().catch(() => undefined);
    },
  });
  return {
    api,
    endpoint,
    callTimeoutMs,
    disconnect: () => api.disconnect(),
  };
}
