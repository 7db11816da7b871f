import { performance } from 'node:perf_hooks';

import type { Devnet, StartDevnetOptions } from '../types.js';
import { createSubnet } from './create-subnet.js';
import { devAccounts } from './dev-accounts.js';
import { DEFAULT_FUND_AMOUNT } from './fund-accounts.js';
import { registerHotkeys } from './register-hotkeys.js';
import { relaxChainLimits } from './relax-chain-limits.js';
import { setDevStorage } from './set-dev-storage.js';
import { startLocalChain } from './start-local-chain.js';

/**
 * Start the subtensor runtime of a raw chain spec under chopsticks on 127.0.0.1, offline, check it builds
 * blocks, make //Alice sudo, fund the dev accounts, lower the subnet and weight rate limits, create a subnet
 * and register `hotkeys`. Blocks are built as soon as a transaction arrives (Instant mode).
 */
export async function startDevnet(options: StartDevnetOptions): Promise<Devnet> {
  const startedAt = performance.now();
  if (!options.specPath) {
    throw new Error(
      'devnet: give specPath, a raw chain spec (e.g. subtensor-runtime-spec218.json); to fork a live chain, use forkChain',
    );
  }
  const { api, provider, chain } = await startLocalChain({ 'chain-spec': options.specPath }, options);
  try {
    // A runtime stuck at its genesis slot never builds block #1 and rejects every signature (badProof).
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    if (head < 1) {
      throw new Error(
        `devnet: the chain is stuck at block #${head}; the chain spec needs a fixed Timestamp.Now in its genesis`,
      );
    }

    const accounts = await devAccounts();
    await chain.fund(
      [accounts.sudo.address, accounts.ownerColdkey.address, ...(options.fund ?? [])],
      options.fundAmount ?? DEFAULT_FUND_AMOUNT,
    );
    await setDevStorage(provider, { Sudo: { Key: accounts.sudo.address } });
    await relaxChainLimits(api, accounts.sudo);
    const netuid = await createSubnet(api, accounts.ownerColdkey, accounts.ownerHotkey.address);
    await relaxChainLimits(api, accounts.sudo, netuid);
    const register = (hotkeys: readonly string[]) =>
      registerHotkeys(api, accounts.ownerColdkey, netuid, hotkeys);
    await register(options.hotkeys ?? []);

    return {
      ...chain,
      netuid,
      accounts,
      startupMs: performance.now() - startedAt,
      registerHotkeys: register,
    };
  } catch (error) {
    await chain.stop();
    throw error;
  }
}
