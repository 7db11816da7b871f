import type { KeyringPair, ModelMetadata, SubnetIdentity, Subtensor } from '@pixel/chain';
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
  /**
   * Write to a subnet that does not look like a pixel competition (see `checkSubnetIsPixel`): for the operators
   * of a new pixel subnet whose identity is not set yet. Default false: `push` refuses such a subnet.
   */
  allowUnrecognisedSubnet?: boolean;
  /** Progress lines for people ("uploading…", "committed at block…"). */
  log?: (line: string) => void;
  /** Warnings for people (e.g. a subnet that may not be a pixel competition); default `log`. */
  warn?: (line: string) => void;
}

export interface PushOptions {
  /**
   * `namespace/name` of the Hugging Face model repo; the model goes to `<repo>-<repoSuffix>` (see there), a
   * repo of its own, so that a new model is never public before its chain commitment.
   */
  repo: string;
  /**
   * Appended to `repo` with a "-". Default: the first 8 hex digits of the uploaded files' content hash, so each
   * model gets a fresh private repo and pushing the same model again finds it (to resume). `''` uploads to `repo`
   * itself, which is refused when it is public and holds other weights.
   */
  repoSuffix?: string;
  /** Competition to enter; default the original one (`m6`). */
  competitionId?: string;
  /** On-disk dtype of the uploaded weights; default bfloat16. */
  dtype?: WeightsDtype;
  /** Where the upload folder and the re-download are staged; default a fresh folder in the OS temp dir, removed after. */
  workDir?: string;
}

/** The steps of a push: upload (to a private repo), commit (on chain, read back), publish (make the repo public). */
export type PushStep = 'upload' | 'commit' | 'publish';

/** What `planPush` found: every check passed, and what `push` would do. */
export interface PushPlan {
  /** The repo the model goes to: `repo` plus its suffix. */
  repo: string;
  parameterCount: number;
  /** Bytes of the files to upload, in the chosen dtype (converted and checked: every weight finite). */
  uploadBytes: number;
  /**
   * The steps left, given what the Hub and the chain already hold for this model: all three for a new model,
   * fewer when an earlier push was interrupted, none when it is already committed and public.
   */
  steps: PushStep[];
}

export interface PushResult {
  repo: string;
  /** The steps this push took (see `PushPlan.steps`): fewer when it resumed an interrupted push. */
  steps: PushStep[];
  /** Commit id of the upload (the ModelId's `commit`). */
  commit: string;
  /** Directory hash of the re-downloaded revision (the ModelId's `hash`). */
  hash: string;
  /** The compressed ModelId committed on chain. */
  committed: string;
  /** Block the commitment was included in. */
  block: number;
}

/** A model read from another miner's commitment, verified as validators verify it, on disk. */
export interface DownloadedRemoteModel {
  uid: number;
  hotkey: string;
  metadata: ModelMetadata;
  /** `<downloadDir>/models--<ns>--<name>/snapshots/<commit>`. */
  snapshotDir: string;
  /** Counted from its config.json, as validators count it (within the competition's limit). */
  parameterCount: number;
  /** Bytes of the downloaded revision (within the competition's limit). */
  repoBytes: number;
}

/** A committed model left out because validators would reject it. */
export interface RejectedModel {
  uid: number;
  /** Why, naming the uid (e.g. the config field at fault, or the hash mismatch). */
  reason: string;
}

/** What `downloadCommittedModels` fetches: uids named explicitly, and uids chosen from the chain. */
export interface CommittedModelsRequest {
  /** Each must have a model committed that validators would accept, or the call fails. */
  uids?: readonly number[];
  /** Also every uid with a model committed; those validators would reject are listed in `rejected`. */
  allUids?: boolean;
  /** Also the best uid (see `bestUid`); listed in `rejected` if validators would reject its model. */
  best?: boolean;
  /** Hugging Face cache layout the revisions are downloaded into. */
  downloadDir: string;
  /**
   * The chain, the Hub (anonymous without a token, as validators download), progress lines and warnings (a
   * subnet that does not look like a pixel competition is warned about, or not with `allowUnrecognisedSubnet`).
   */
  config: Pick<MinerConfig, 'subtensor' | 'netuid' | 'hub' | 'log' | 'warn' | 'allowUnrecognisedSubnet'>;
}

export interface CommittedModels {
  /** Verified and on disk, in the order asked (a uid asked twice comes once). */
  models: DownloadedRemoteModel[];
  /** Uids from `allUids` or `best` whose models validators would reject, with why. */
  rejected: RejectedModel[];
}

/**
 * What a model reference names, found without downloading anything: an existing folder, a Hub repo (at a
 * revision when one is named), or the model a uid committed on chain (`best`: the uid with the highest incentive).
 */
export type ModelLocation =
  | { kind: 'folder'; folder: string }
  | { kind: 'hub'; repo: string; revision?: string }
  | { kind: 'committed'; uid: number | 'best' };

export interface LocateModelOptions {
  /** Folders are relative to it; default the process's working directory. */
  cwd?: string;
  /** Named at the start of every error, e.g. the command-line flag the reference came from. */
  flag?: string;
  /**
   * Whether `uid:<n>` and `best` name committed models (default true). False where a committed model cannot
   * be meant (a pipeline, a VAE: miners commit UNets): they are then only folder names.
   */
  committed?: boolean;
}

/** Where and as whom a Hub repo is fetched, for `ResolveModelOptions.download`. */
export interface HubSnapshotRequest extends HubCredentials {
  repo: string;
  /** From `namespace/name@revision`; absent when the reference named none. */
  revision?: string;
  cacheDir: string;
}

export interface ResolveModelOptions extends LocateModelOptions {
  /** Hugging Face cache layout that Hub ids and committed models are downloaded into. */
  cacheDir: string;
  /** Token (private repos) and Hub URL (default huggingface.co). */
  hub?: HubCredentials;
  /**
   * The chain committed models are read from; needed only for `uid:<n>` and `best`. A subnet that does not look
   * like a pixel competition is warned about (`warn`), unless `allowUnrecognisedSubnet`.
   */
  chain?: Pick<MinerConfig, 'subtensor' | 'netuid' | 'allowUnrecognisedSubnet'>;
  /**
   * How a Hub id is fetched; default `downloadModel` of `@pixel/hub` (the whole repo, within the competition's
   * size limit, as validators fetch it). `downloadPipelineParts` fetches only a pipeline's training parts.
   */
  download?: (request: HubSnapshotRequest) => Promise<{ snapshotDir: string }>;
  /** Progress lines for people ("Downloading …"). */
  log?: (line: string) => void;
  /** Warnings for people (a subnet that may not be a pixel competition); default `log`. */
  warn?: (line: string) => void;
}

/** A model reference made a local folder. */
export interface ResolvedModel {
  /** The folder: as given, a Hub snapshot, or a committed model's verified snapshot. */
  folder: string;
  location: ModelLocation;
  /** For `uid:<n>` and `best`: the committed model (uid, hotkey, commitment, block). */
  committed?: DownloadedRemoteModel;
}

/** A verified model read from another miner's commitment, loaded. */
export interface RemoteModel extends DownloadedRemoteModel {
  unet: UNet2DConditionModel;
}

/** One reason validators (or the Hub, or the chain) would refuse an upload. */
export interface UploadProblem {
  check:
    | 'competition'
    | 'repoId'
    | 'repo'
    | 'model'
    | 'parameters'
    | 'repoSize'
    | 'token'
    | 'wallet'
    | 'registration';
  /** Names the problem and the fix. */
  message: string;
}

/** What `checkUpload` looks at; the chain part is skipped when `chain` is absent. */
export interface UploadCheckInput {
  /** A UNet folder, or a pipeline folder holding `unet/`. */
  modelDir: string;
  repo: string;
  /** As in `PushOptions`: the id length is checked with it (the default suffix has 8 characters). */
  repoSuffix?: string;
  competitionId?: string;
  dtype?: WeightsDtype;
  /** Checked with the Hub's whoami: known, a write token, and allowed to create repos in the namespace. */
  accessToken?: string;
  /** Hub base URL; default huggingface.co. */
  hubUrl?: string;
  chain?: { subtensor: Subtensor; netuid: number; hotkey: string };
}

/** The uid metagraph plus, when known, each uid's incentive (index = uid). */
export interface RankedMetagraph {
  hotkeys: readonly string[];
  incentive?: readonly number[];
}

/** One model to evaluate with `evaluateModels`. */
export interface EvaluationCandidate {
  /** Shown in reports and used to name the model in verdicts and errors, e.g. "uid 3", "./my-model", "me/repo@abc123"; unique. */
  label: string;
  /** A UNet folder, or a pipeline folder holding `unet/` (see `resolveUnetDir`). */
  unetDir: string;
  uid?: number;
  /**
   * Block of its chain commitment. Undefined = not committed yet: it ranks as committed after every uid,
   * so it gets no epsilon advantage and must beat committed models by epsilon.
   */
  block?: number;
}

/** Progress of `evaluateModels`: first the dataset's latents and embeddings are cached, then each model is scored. */
export interface EvaluationProgress {
  stage: 'cache' | 'evaluate';
  /** The model being scored (evaluate stage). */
  label?: string;
  done: number;
  total: number;
}

export interface EvaluateModelsOptions {
  candidates: readonly EvaluationCandidate[];
  /** Imagefolder dataset (metadata.csv / metadata.jsonl), e.g. what `pixel dataset generate` writes. */
  dataDir: string;
  /** Local SDXL pipeline folder: tokenizers, text encoders, scheduler (and vae/ unless vaeDir). */
  pipelineDir: string;
  /** A VAE folder used instead of the pipeline's vae/ (validators use madebyollin/sdxl-vae-fp16-fix). */
  vaeDir?: string;
  /** Where latents and prompt embeddings are cached (reused across runs and models). */
  cacheDir: string;
  /** Square crop size; default 1024 (validators). Smaller is much faster on CPU but no longer the validators' number. */
  resolution?: number;
  /** Evaluate the first n samples of the dataset shuffled with seed 1, as validators shuffle; default all, in file order. */
  maxSamples?: number;
  /** Advantage of an earlier commitment; default `SCORING.timestampEpsilon` (0.0005). */
  epsilon?: number;
  onProgress?: (event: EvaluationProgress) => void;
  signal?: AbortSignal;
}

/** A candidate with its validator loss on every sample and its pairwise record against the other candidates. */
export interface EvaluatedModel extends EvaluationCandidate {
  /** Validator loss per sample, in dataset order. */
  losses: number[];
  averageLoss: number;
  /** wins / matches against every other candidate over every sample (the validators' win rate). */
  winRate: number;
  wins: number;
}

/** Whether an uncommitted candidate would be worth committing. */
export interface PushVerdict {
  label: string;
  /** It alone, added to the committed candidates as a later commitment, takes the top win rate. */
  worthPushing: boolean;
  /** The numbers behind it: its loss vs the best committed one's, and the margin epsilon requires. */
  reason: string;
}

export interface EvaluationReport {
  samples: number;
  resolution: number;
  epsilon: number;
  /** In candidate order. */
  models: EvaluatedModel[];
  /** Label of the highest win rate (ties: lower average loss, then earlier block). */
  best: string;
  /** One per uncommitted candidate, in candidate order. */
  verdicts: PushVerdict[];
}

/** What `checkSubnetIsPixel` makes of a subnet, from its identity and a sample of its commitments. */
export interface SubnetRecognition {
  /**
   * `pixel`: its identity names pixel, or (without one) most commitments read are pixel model ids; `foreign`:
   * its identity names something else, or (without one) most commitments read are not pixel model ids;
   * `unknown`: no identity and no commitments, so nothing says.
   */
  verdict: 'pixel' | 'foreign' | 'unknown';
  /**
   * What the subnet is, as words that follow its name: "is '404-GEN' (github.com/404-Repo/...), and its identity
   * mentions neither pixel nor PlixML", "has no identity, and 3 of the 3 commitments read are not pixel model ids".
   */
  summary: string;
  /** The owner's identity, when set (cleaned and bounded by `getSubnetIdentity`). */
  identity?: SubnetIdentity;
  /** How many commitments were read (at most 64) and how many of them are pixel model ids. */
  commitments: { read: number; pixel: number };
}
