import { rm } from 'node:fs/promises';
import path from 'node:path';
import { startDevnet, type Devnet } from '@pixel-tools/devnet';
import { startLocalHub, type LocalHub } from '@pixel-tools/local-hub';
import { createTemporaryDirectory, SHARED } from '@pixel-tools/test-support';
import { connectSubtensor, createWallet, type CreatedWallet, type Subtensor } from '@pixel/chain';

export interface LocalChainAndHub {
  /** A scratch directory, removed after the tests. */
  work: string;
  /** Where the wallets are: `--wallet.path`. */
  walletsPath: string;
  /** The wallets by name, each with a hotkey named "default". */
  wallets: Record<string, CreatedWallet>;
  devnet: Devnet;
  subtensor: Subtensor;
  hub: LocalHub;
  /** Write token of the Hub user "miner". */
  hubToken: string;
}

export interface LocalChainAndHubOptions {
  /** Wallets whose hotkeys the chain registers on its subnet (uids 1, 2, ... in this order). */
  registered: readonly string[];
  /** Wallets created but never registered. */
  unregistered?: readonly string[];
  /** For start-up and shut-down; a chain takes seconds to start on 2 shared cores. Default 180 s. */
  timeoutMs?: number;
}

/**
 * A local chain (the real subtensor runtime in chopsticks) with a fresh subnet, the local Hub with a user
 * "miner", and wallets in a scratch directory: started before this file's (or describe block's) tests and
 * stopped after them. Call at the top of the block; the fields are filled in before any test, and before
 * hooks registered after this call, run.
 */
export function useLocalChainAndHub(options: LocalChainAndHubOptions): LocalChainAndHub {
  const fixture = { wallets: {}, hubToken: 'hf_local_miner' } as LocalChainAndHub;
  const timeout = options.timeoutMs ?? 180_000;
  beforeAll(async () => {
    fixture.work = await createTemporaryDirectory('chain-hub');
    fixture.walletsPath = path.join(fixture.work, 'wallets');
    for (const name of [...options.registered, ...(options.unregistered ?? [])]) {
      fixture.wallets[name] = await createWallet({ path: fixture.walletsPath, name, hotkey: 'default' });
    }
    fixture.devnet = await startDevnet({
      specPath: SHARED.chainSpec,
      hotkeys: options.registered.map((name) => fixture.wallets[name]!.hotkey.address),
    });
    fixture.hub = await startLocalHub({ users: [{ name: 'miner', token: fixture.hubToken }] });
    fixture.subtensor = await connectSubtensor({ endpoint: fixture.devnet.endpoint });
  }, timeout);
  // Each part is stopped only if it started, so a failed start-up is reported as itself.
  afterAll(async () => {
    await fixture.subtensor?.disconnect();
    await fixture.devnet?.stop();
    await fixture.hub?.stop();
    if (fixture.work) await rm(fixture.work, { recursive: true, force: true });
  }, timeout);
  return fixture;
}
