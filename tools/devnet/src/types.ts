import type { KeyringPair } from '@polkadot/keyring/types';

/** Where the local chain's runtime and state come from: exactly one of the two. */
export type DevnetSource =
  /** A raw chain spec with the runtime in its genesis: runs fully offline. */
  | { specPath: string; endpoint?: undefined }
  /** A live node to fork (e.g. wss://entrypoint-finney.opentensor.ai:443): needs network access. */
  | { endpoint: string; specPath?: undefined };

export type StartDevnetOptions = DevnetSource & {
  /** ss58 addresses of hotkeys to register on the new subnet (owned by `accounts.owner.coldkey`). */
  hotkeys?: readonly string[];
  /** ss58 addresses to fund with `fundAmount` (e.g. coldkeys created by a test). */
  fund?: readonly string[];
  /** Free balance in rao given to every funded account. Default 1e15 (1,000,000 TAO). */
  fundAmount?: bigint;
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Chopsticks log level; default "error" so tests stay quiet. */
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
};

export interface DevnetAccounts {
  /** Holds Sudo.Key on the devnet (//Alice). */
  readonly sudo: KeyringPair;
  /** Coldkey that created the subnet and owns every hotkey the devnet registers (//Bob). */
  readonly ownerColdkey: KeyringPair;
  /** The subnet owner's hotkey, uid 0 (//Bob_hk). */
  readonly ownerHotkey: KeyringPair;
}

/** A running local chain with one fresh subnet. */
export interface Devnet {
  /** ws://127.0.0.1:<port> */
  readonly endpoint: string;
  /** The subnet created at start-up. */
  readonly netuid: number;
  readonly accounts: DevnetAccounts;
  /** Milliseconds from the call to start until the subnet was ready. */
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
  /** Register hotkeys (ss58) on the subnet, owned by `accounts.ownerColdkey`; returns their uids in order. */
  registerHotkeys(hotkeys: readonly string[]): Promise<number[]>;
  /** Give each address a free balance of `amount` rao (default 1e15). */
  fund(addresses: readonly string[], amount?: bigint): Promise<void>;
  /**
   * Write storage directly, bypassing the runtime (chopsticks `dev_setStorage`), by pallet and item:
   * `{ SubtensorModule: { Incentive: [[[netuid], [0, 65535]]] } }`, on the current head.
   */
  setStorage(values: Record<string, Record<string, unknown>>): Promise<void>;
  /** Stop the server and its worker threads; the process can exit afterwards. */
  stop(): Promise<void>;
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
