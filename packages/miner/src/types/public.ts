import type { KeyringPair, ModelMetadata, Subtensor } from '@pixel/chain';
import type { HubCredentials } from '@pixel/hub';
import type { UNet2DConditionModel } from '@pixel/sdxl-trainer';

/** On-disk dtype of uploaded weights. bfloat16 is what the reference uploads: an fp32 SDXL UNet exceeds 6 GiB. */
export type WeightsDtype = 'float32' | 'float16' | 'bfloat16';

/** The part of a Bittensor wallet a miner signs with. A `CreatedWallet` from @pixel/chain fits. */
export interface MinerWallet {
  hotkey: KeyringPair;
}

/** When and how often `push` tries the chain commitment again after a refusal that can pass. */
export interface CommitRetryPolicy {
  /** Attempts in all, the first included. Default 10. */
  attempts?: number;
  /**
   * Resolves when the next attempt may start. Default: until the chain reaches the rate limit's
   * `retryAtBlock`, else 60 s as in the reference. Tests pass one that advances a local chain.
   */
  wait?: (error: Error, attempt: number) => Promise<void>;
}

/** What `Actions.create` needs: where the chain and the Hub are. */
export interface MinerConfig {
  subtensor: Subtensor;
  /** Subnet uid; 17 on finney. */
  netuid: number;
  /** Token (needed to push) and Hub URL (default huggingface.co). */
  hub: HubCredentials;
  commitRetry?: CommitRetryPolicy;
  /** Progress lines for people ("uploading…", "committed at block…"). */
  log?: (line: string) => void;
}

export interface PushOptions {
  /** `namespace/name` of the Hugging Face model repo. */
  repo: string;
  /** Competition to enter; default the original one (`m6`). */
  competitionId?: string;
  /** On-disk dtype of the uploaded weights; default bfloat16. */
  dtype?: WeightsDtype;
  /** Where the upload folder and the re-download are staged; default a fresh folder in the OS temp dir, removed after. */
  workDir?: string;
}

export interface PushResult {
  repo: string;
  /** Commit id of the upload (the ModelId's `commit`). */
  commit: string;
  /** Directory hash of the re-downloaded revision (the ModelId's `hash`). */
  hash: string;
  /** The compressed ModelId committed on chain. */
  committed: string;
  /** Block the commitment was included in. */
  block: number;
}

/** A model read from another miner's commitment, verified as validators verify it. */
export interface RemoteModel {
  unet: UNet2DConditionModel;
  uid: number;
  hotkey: string;
  metadata: ModelMetadata;
  /** `<downloadDir>/models--<ns>--<name>/snapshots/<commit>`. */
  snapshotDir: string;
}

/** One reason validators (or the Hub, or the chain) would refuse an upload. */
export interface UploadProblem {
  check: 'competition' | 'repoId' | 'model' | 'parameters' | 'repoSize' | 'token' | 'wallet' | 'registration';
  /** Names the problem and the fix. */
  message: string;
}

/** What `checkUpload` looks at; the chain part is skipped when `chain` is absent. */
export interface UploadCheckInput {
  /** A UNet folder, or a pipeline folder holding `unet/`. */
  modelDir: string;
  repo: string;
  competitionId?: string;
  dtype?: WeightsDtype;
  accessToken?: string;
  chain?: { subtensor: Subtensor; netuid: number; hotkey: string };
}

/** The uid metagraph plus, when known, each uid's incentive (index = uid). */
export interface RankedMetagraph {
  hotkeys: readonly string[];
  incentive?: readonly number[];
}
