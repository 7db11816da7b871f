import { UsageError } from '@pixel/constraints';
import { ApiPromise, WsProvider } from '@polkadot/api';

import type { ConnectOptions, Subtensor } from '../types/public.js';
import { connectionFailureReason } from './connection-failure-reason.js';
import { ChainUnreachableError } from './errors.js';
import { subtensorApiOptions } from './subtensor-api-options.js';
import { withTimeout } from './with-timeout.js';

/** Between reconnect attempts after the connection drops; polkadot-js resubscribes by itself. */
const RECONNECT_DELAY_MS = 2_500;

/**
 * Connect to a subtensor node (see `resolveChainCliConfig` for network names). A connection that fails
 * outright (refused, a host name that does not resolve, not a WebSocket server, closed before the API is
 * ready) fails at once with a ChainUnreachableError saying why; one that gets no answer fails with a
 * ChainTimeoutError after `connectTimeoutMs`. Either way nothing is left running. Once connected it
 * reconnects on its own after drops, and every library call made with the result fails after
 * `callTimeoutMs` instead of hanging.
 */
export async function connectSubtensor(options: ConnectOptions): Promise<Subtensor> {
  const { endpoint, connectTimeoutMs = 30_000, callTimeoutMs = 60_000 } = options;
  if (!/^wss?:\/\//.test(endpoint)) {
    throw new UsageError(`Subtensor endpoint must be a ws:// or wss:// URL, got "${endpoint}"`);
  }
  const provider = new WsProvider(endpoint, RECONNECT_DELAY_MS, {}, connectTimeoutMs);
  const unreachable = (failure: unknown) =>
    new ChainUnreachableError(endpoint, connectionFailureReason(endpoint, failure));
  // Until the API is ready, an error or a drop is final. Stop the provider's reconnect loop right in the
  // event (before the socket's close event, which would log and schedule a retry).
  const stopListening: Array<() => void> = [];
  const failed = new Promise<never>((_, reject) => {
    const fail = (failure?: unknown) => {
      reject(unreachable(failure));
      void provider.disconnect().catch(() => undefined);
    };
    stopListening.push(
      provider.on('error', fail),
      provider.on('disconnected', () => fail()),
    );
  });
  const api = new ApiPromise({ provider, ...subtensorApiOptions() });
  // polkadot-js rejects isReadyOrError with the raw socket error event on the first failure: it is
  // awaited here (never left unhandled) and reported in words.
  const ready = api.isReadyOrError.then(
    () => undefined,
    (failure: unknown) => Promise.reject(unreachable(failure)),
  );
  try {
    await withTimeout(Promise.race([ready, failed]), {
      operation: 'Connecting',
      timeoutMs: connectTimeoutMs,
      endpoint,
    });
  } catch (error) {
    await api.disconnect().catch(() => undefined);
    throw error;
  } finally {
    for (const stop of stopListening) stop();
  }
  return {
    api,
    endpoint,
    callTimeoutMs,
    disconnect: () => api.disconnect(),
  };
}
