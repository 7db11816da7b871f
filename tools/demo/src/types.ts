export interface DemoOptions {
  /** Read-only ground truth: the chain spec and the tiny SDXL pipeline (`<repo>/../shared`). */
  sharedDir: string;
  /** Where everything is written; a fresh temporary folder (removed at the end) when omitted. */
  workDir?: string;
  /** Keep `workDir` (models, datasets, logs) after the run. */
  keep?: boolean;
  /** Optimizer steps of the training run; default 40. */
  trainSteps?: number;
  /** Training and evaluation resolution in pixels; default 64 (the tiny VAE makes 8x8 latents). */
  resolution?: number;
  /** Image grids per dataset (each 2048x2048 grid gives 4 samples); default 2. */
  grids?: number;
  /** Progress lines for people. */
  log?: (line: string) => void;
}

/** How long one stage of the demo took. */
export interface DemoStage {
  name: string;
  seconds: number;
}

/** One uid as the validator saw it. */
export interface ValidatedModel {
  uid: number;
  hotkey: string;
  /** The compressed ModelId read from the chain. */
  committed: string;
  block: number;
  /** The directory hash the chain holds (absent from a commitment without one, which is skipped). */
  hashOnChain?: string;
  /**
   * The directory hash of the downloaded revision, and what validators count, for a model that passed their
   * checks: a revision whose hash differs from the chain's is refused, naming both.
   */
  hashDownloaded?: string;
  parameterCount?: number;
  repoBytes?: number;
  /** Empty when the validator accepts the model. */
  problems: string[];
  /** Validator loss (average over the evaluation images); absent when not evaluated. */
  averageLoss?: number;
  winRate?: number;
  /** softmax(win rate / temperature), scaled over the metagraph to sum to competitions x reward share. */
  stepWeight: number;
  /** After the moving average (alpha 0.9) from the validator's previous weights (zero: its first round). */
  weight: number;
  /** What the chain stored for `weight` (u16, the largest scaled to 65535). */
  weightOnChain: number;
}

export interface ValidatorRound {
  /** The validator's own uid (it signs the weights). */
  uid: number;
  evaluationSamples: number;
  resolution: number;
  models: ValidatedModel[];
  /** Sum of the step weights: number of competitions x reward share (1 for m6 alone). */
  stepWeightsSum: number;
  /** Sum of the moving-averaged weights set on chain: (1 - alpha) x the step sum in a first round. */
  weightsSum: number;
  /** Block the weights were included in. */
  weightsBlock: number;
}

export interface DemoReport {
  seconds: number;
  stages: DemoStage[];
  dataset: { dir: string; samples: number };
  training: {
    baseModel: string;
    steps: number;
    resolution: number;
    firstLoss: number;
    lastSmoothedLoss: number;
    /** Validator loss of the base and the trained UNet on the miner's own check (`pixel model eval`). */
    check: { baseLoss: number; trainedLoss: number; worthPushing: boolean; reason: string };
  };
  upload: { repo: string; commit: string; hash: string; committed: string; block: number; uid: number };
  /** The earlier commitment the trained model competes with: the untrained base model, under another hotkey. */
  rival: { repo: string; uid: number; block: number };
  validator: ValidatorRound;
  /** One sentence: what the validator concluded. */
  verdict: string;
}
