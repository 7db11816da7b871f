import { ApiPromise, WsProvider } from '@polkadot/api';

import type { LocalChain, LocalChainOptions } from '../types.js';
import { DEFAULT_FUND_AMOUNT, fundAccounts } from './fund-accounts.js';
import { setDevStorage } from './set-dev-storage.js';

/** Where chopsticks takes the runtime and the state from: a raw chain spec (offline) or a live node (a fork). */
export type ChopsticksSource = { 'chain-spec': string } | { endpoint: string };

export interface StartedLocalChain {
  /** This process's client of the chain, for the set-up that follows. */
  readonly api: ApiPromise;
  readonly provider: WsProvider;
  readonly chain: Omit<LocalChain, 'startupMs'>;
}

async function headNumber(api: ApiPromise): Promise<number> {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}

/**
 * Run the runtime under chopsticks on 127.0.0.1, building a block as soon as a transaction arrives (Instant
 * mode), and connect to it. The caller's set-up must `chain.stop()` if it fails: the worker threads keep the
 * process alive otherwise.
 */
export async function startLocalChain(
  source: ChopsticksSource,
  options: LocalChainOptions = {},
): Promise<StartedLocalChain> {
  // chopsticks fixes its log level from LOG_LEVEL when first loaded; its info logs cost seconds per block.
  process.env.LOG_LEVEL ??= options.logLevel ?? 'error';
  const { destroyWorker, setupWithServer } = await import('@acala-network/chopsticks');
  const server = await setupWithServer({
    ...source,
    host: '127.0.0.1',
    port: options.port ?? 0,
    'build-block-mode': 'Instant',
  } as Parameters<typeof setupWithServer>[0]);
  const endpoint = `ws://${server.addr}`;
  const provider = new WsProvider(endpoint, false);
  let api: ApiPromise | undefined;

  const stop = async (): Promise<void> => {
    await api?.disconnect().catch(() => undefined);
    await server.close();
    await destroyWorker();
  };

  try {
    await provider.connect();
    api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  } catch (error) {
    await stop();
    throw error;
  }
  const chainApi = api;
  return {
    api: chainApi,
    provider,
    chain: {
      endpoint,
      snapshot: async () => (await chainApi.rpc.chain.getBlockHash()).toHex(),
      revert: async (snapshotHash) => {
        await provider.send('dev_setHead', [snapshotHash]);
      },
      advanceBlocks: async (n) => {
        if (!Number.isInteger(n) || n < 1)
          throw new Error(`devnet: advanceBlocks needs a positive integer, got ${n}`);
        const target = (await headNumber(chainApi)) + n;
        await provider.send('dev_newBlock', [{ unsafeBlockHeight: target }]);
        return target;
      },
      fund: (addresses, amount = DEFAULT_FUND_AMOUNT) => fundAccounts(chainApi, provider, addresses, amount),
      setStorage: (values) => setDevStorage(provider, values),
      stop,
    },
  };
}
