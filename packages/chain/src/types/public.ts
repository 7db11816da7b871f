import type { ModelId } from '@pixel/constraints';
import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';

/** Where a Bittensor wallet lives: `<path>/<name>/coldkey`, `<path>/<name>/hotkeys/<hotkey>`. */
export interface WalletLocation {
  /** Folder holding the wallets; `~` is expanded. SDK default `~/.bittensor/wallets/`. */
  path: string;
  /** Wallet (coldkey) name; SDK default `default`. */
  name: string;
  /** Hotkey name; SDK default `default`. */
  hotkey: string;
}

/** The files of one wallet, as the Bittensor SDK lays them out. */
export interface WalletFiles {
  coldkey: string;
  coldkeyPub: string;
  hotkey: string;
  hotkeyPub: string;
}

/**
 * A keyfile's JSON as btwallet writes it: every field optional, all strings.
 * `privateKey` is schnorrkel's canonical 64-byte secret (scalar || nonce), not polkadot-js's form.
 */
export interface KeyfileData {
  accountId?: string;
  publicKey?: string;
  privateKey?: string;
  secretPhrase?: string;
  secretSeed?: string;
  ss58Address?: string;
}

/** A password, or a way to ask for one (e.g. `promptPassword`). */
export type PasswordSource = string | (() => Promise<string>);

/** What `--subtensor.*` / `--wallet.*` flags and `BT_*` variables resolve to. */
export interface ChainCliConfig {
  /** The network name, or `custom` when only an endpoint was given. */
  network: string;
  endpoint: string;
  wallet: WalletLocation;
}

/** A connection to a subtensor node; every library call takes it first. */
export interface Subtensor {
  readonly api: ApiPromise;
  readonly endpoint: string;
  /** Chain calls fail with a ChainTimeoutError after this long. */
  readonly callTimeoutMs: number;
  disconnect(): Promise<void>;
}

export interface ConnectOptions {
  endpoint: string;
  /**
   * Give up waiting for a node that does not answer (and fail with a ChainTimeoutError) after this long.
   * Default 30 s. A connection that fails outright fails at once, with a ChainUnreachableError.
   */
  connectTimeoutMs?: number;
  /** Every chain call (query, RPC, transaction inclusion) fails with a ChainTimeoutError after this long. Default 60 s. */
  callTimeoutMs?: number;
}

/** A model's identity as committed on chain, and the block that commitment was made in. */
export interface ModelMetadata {
  /** Parsed from the committed compressed string `namespace:name:commit:hash[:competition_id]`. */
  modelId: ModelId;
  /** Block number of the commitment. */
  block: number;
}

/** A commitment that could not be read as a model id, and why. */
export interface SkippedCommitment {
  hotkey: string;
  reason: string;
}

export interface AllModelMetadata {
  /** By hotkey ss58 address. */
  models: Map<string, ModelMetadata>;
  skipped: SkippedCommitment[];
}

export interface Metagraph {
  netuid: number;
  /** Block the metagraph was read at. */
  block: number;
  /** Hotkey ss58 address of each uid, index = uid. */
  hotkeys: string[];
  /** Each uid's incentive in [0, 1] (the share of emission validators' weights gave it), index = uid. */
  incentive: number[];
}

/**
 * A subnet's self-declared identity (`SubtensorModule.SubnetIdentitiesV3`), as its owner set it: UTF-8 text
 * without control characters, each field at most 1024 characters; fields the runtime does not keep are empty.
 */
export interface SubnetIdentity {
  subnetName: string;
  githubRepo: string;
  subnetContact: string;
  subnetUrl: string;
  discord: string;
  description: string;
  logoUrl: string;
  additional: string;
}

export interface CommitResult {
  /** The compressed string that was committed. */
  committed: string;
  /** Block the commitment was included in (and read back from). */
  block: number;
  blockHash: string;
}

export interface SetWeightsResult {
  block: number;
  blockHash: string;
  /** What was sent after the SDK's normalisation. */
  uids: number[];
  weights: number[];
}

export type { KeyringPair };
