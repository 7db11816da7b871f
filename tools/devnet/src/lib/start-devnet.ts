import { performance } from 'node:perf_hooks';

import { ApiPromise, WsProvider } from '@polkadot/api';

import type { Devnet, StartDevnetOptions } from '../types.js';
import { createSubnet } from './create-subnet.js';
import { devAccounts } from './dev-accounts.js';
import { DEFAULT_FUND_AMOUNT, fundAccounts } from './fund-accounts.js';
import { registerHotkeys } from './register-hotkeys.js';
import { relaxChainLimits } from './relax-chain-limits.js';
import { setDevStorage } from './set-dev-storage.js';

function chopsticksSource(options: StartDevnetOptions): Record<string, string> {
  if (options.specPath && options.endpoint) {
    throw new Error('devnet: give either specPath (offline) or endpoint (fork a live chain), not both');
  }
  if (options.specPath) return { 'chain-spec': options.specPath };
  if (options.endpoint) return { endpoint: options.endpoint };
  throw new Error(
    'devnet: give specPath (a raw chain spec, e.g. subtensor-runtime-spec218.json) or endpoint (a node to fork)',
  );
}

async function headNumber(api: ApiPromise): Promise<number> {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}

/**
 * Start the subtensor runtime under chopsticks on 127.0.0.1, check it builds blocks, make //Alice sudo,
 * fund the dev accounts, lower the subnet and weight rate limits, create a subnet and register `hotkeys`.
 * Blocks are built as soon as a transaction arrives (Instant mode).
 */
export async function startDevnet(options: StartDevnetOptions): Promise<Devnet> {
  const startedAt = performance.now();
  // chopsticks fixes its log level from LOG_LEVEL when first loaded; its info logs cost seconds per block.
  process.env.LOG_LEVEL ??= options.logLevel ?? 'error';
  const { destroyWorker, setupWithServer } = await import('@acala-network/chopsticks');
  const server = await setupWithServer({
    ...chopsticksSource(options),
    host: '127.0.0.1',
    port: options.port ?? 0,
    'build-block-mode': 'Instant',
  } as Parameters<typeof setupWithServer>[0]);
  const provider = new WsProvider(`ws://${server.addr}`, false);
  let api: ApiPromise | undefined;

  const stop = async (): Promise<void> => {
    await api?.disconnect().catch(() => undefined);
    await server.close();
    await destroyWorker();
  };

  try {
    await provider.connect();
    api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
    const chainApi = api;
    // A runtime stuck at its genesis slot never builds block #1 and rejects every signature (badProof).
    const head = await headNumber(chainApi);
    if (head < 1) {
      throw new Error(
        `devnet: the chain is stuck at block #${head}; the chain spec needs a fixed Timestamp.Now in its genesis`,
      );
    }

    const accounts = await devAccounts();
    const fund = (addresses: readonly string[], amount: bigint = DEFAULT_FUND_AMOUNT) =>
      fundAccounts(chainApi, provider, addresses, amount);
    await fund(
      [accounts.sudo.address, accounts.ownerColdkey.address, ...(options.fund ?? [])],
      options.fundAmount ?? DEFAULT_FUND_AMOUNT,
    );
    await setDevStorage(provider, { Sudo: { Key: accounts.sudo.address } });
    await relaxChainLimits(chainApi, accounts.sudo);
    const netuid = await createSubnet(chainApi, accounts.ownerColdkey, accounts.ownerHotkey.address);
    await relaxChainLimits(chainApi, accounts.sudo, netuid);
    const register = (hotkeys: readonly string[]) =>
      registerHotkeys(chainApi, accounts.ownerColdkey, netuid, hotkeys);
    await register(options.hotkeys ?? []);

    return {
      endpoint: `ws://${server.addr}`,
      netuid,
      accounts,
      startupMs: performance.now() - startedAt,
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
      registerHotkeys: register,
      fund,
      setStorage: (values) => setDevStorage(provider, values),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
