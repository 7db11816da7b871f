import type { KeyringPair } from '@polkadot/keyring/types';

/** What both local chains take: the offline devnet and a fork of a live chain. */
export interface LocalChainOptions {
  /** ss58 addresses to fund with `fundAmount` (e.g. coldkeys created by a test, a miner's hotkey on a fork). */
  fund?: readonly string[];
  /** Free balance in rao given to every funded account. Default 1e15 (1,000,000 TAO). */
  fundAmount?: bigint;
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Chopsticks log level; default "error" so tests stay quiet. */
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
}

export interface StartDevnetOptions extends LocalChainOptions {
  /** A raw chain spec with the runtime in its genesis (e.g. subtensor-runtime-spec218.json): runs fully offline. */
  specPath: string;
  /** ss58 addresses of hotkeys to register on the new subnet (owned by `accounts.ownerColdkey`). */
  hotkeys?: readonly string[];
}

export interface ForkChainOptions extends LocalChainOptions {
  /** ws:// or wss:// URL of a node of the chain to fork (e.g. wss://entrypoint-finney.opentensor.ai:443). */
  endpoint: string;
  /** How long the upstream may take to answer before forking gives up. Default 30 s. */
  connectTimeoutMs?: number;
}

/** A chain served by chopsticks on 127.0.0.1: what the devnet and a fork have in common. */
export interface LocalChain {
  /** ws://127.0.0.1:<port> */
  readonly endpoint: string;
  /** Milliseconds from the call to start until the chain was ready. */
  readonly startupMs: number;
  /** Current head hash, to `revert` to later. */
  snapshot(): Promise<string>;
  /** Make the block `snapshotHash` the head again, dropping everything after it (1-2 ms). */
  revert(snapshotHash: string): Promise<void>;
  /**
   * Build one block whose number is head + n (chopsticks `unsafeBlockHeight`): block-based
   * rate limits see n blocks pass, but no hooks run for the skipped heights. Returns the new head number.
   */
  advanceBlocks(n: number): Promise<number>;
  /** Give each address a free balance of `amount` rao (default 1e15); nonces are kept. */
  fund(addresses: readonly string[], amount?: bigint): Promise<void>;
  /**
   * Write storage directly, bypassing the runtime (chopsticks `dev_setStorage`), by pallet and item:
   * `{ SubtensorModule: { Incentive: [[[netuid], [0, 65535]]] } }`, on the current head.
   */
  setStorage(values: Record<string, Record<string, unknown>>): Promise<void>;
  /** Stop the server and its worker threads; the process can exit afterwards. */
  stop(): Promise<void>;
}

export interface DevnetAccounts {
  /** Holds Sudo.Key on the devnet (//Alice). */
  readonly sudo: KeyringPair;
  /** Coldkey that created the subnet and owns every hotkey the devnet registers (//Bob). */
  readonly ownerColdkey: KeyringPair;
  /** The subnet owner's hotkey, uid 0 (//Bob_hk). */
  readonly ownerHotkey: KeyringPair;
}

/** A local chain from a chain spec, offline, with one fresh subnet. */
export interface Devnet extends LocalChain {
  /** The subnet created at start-up. */
  readonly netuid: number;
  readonly accounts: DevnetAccounts;
  /** Register hotkeys (ss58) on the subnet, owned by `accounts.ownerColdkey`; returns their uids in order. */
  registerHotkeys(hotkeys: readonly string[]): Promise<number[]>;
}

/**
 * A local fork of a live chain at its finalized head, running its current runtime: the upstream's state is read
 * from it on demand, nothing is ever sent to it. Nothing else is changed but the accounts funded.
 */
export interface ForkedChain extends LocalChain {
  /** The node forked. */
  readonly upstream: string;
  /** The upstream's block the fork started from. */
  readonly forkedAt: { readonly number: number; readonly hash: string };
  /** The accounts funded at start-up. */
  readonly funded: readonly string[];
}

/**
 * A subnet's identity as `setSubnetIdentity` takes it: the call's arguments by name, in camelCase. Spec 218 has
 * subnetName, githubRepo and subnetContact; later runtimes add the others. Fields left out are empty.
 */
export interface SubnetIdentityFields {
  subnetName?: string;
  githubRepo?: string;
  subnetContact?: string;
  subnetUrl?: string;
  discord?: string;
  description?: string;
  logoUrl?: string;
  additional?: string;
}
