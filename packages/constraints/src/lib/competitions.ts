/** One competition of subnet 17, as the reference's constants/__init__.py defines it. */
export interface Competition {
  /** 1..5 characters; committed on chain as the 5th token of the ModelId. */
  readonly id: string;
  readonly architecture: 'UNet2DConditionModel';
  /** Validators reject a UNet with more parameters than this. */
  readonly maxParameters: number;
  /** Validators refuse to download a revision whose files add up to more than this. */
  readonly maxRepoBytes: number;
  readonly baseModel: string;
  readonly vaeModel: string;
  readonly dataset: string;
  /** Share of the subnet's emission this competition distributes (all competitions sum to 1). */
  readonly rewardShare: number;
}

export const SUBNET_UID = 17;

/** `6 * 1024**3`: the reference's MAX_HUGGING_FACE_BYTES, summed over every file at the revision. */
export const MAX_REPO_BYTES = 6 * 1024 ** 3;

/** Longest ModelId compressed string the chain commitment may hold, in UTF-8 bytes. */
export const MAX_METADATA_BYTES = 128;

/** namespace + name budget left once commit (40), hash (44), competition id (2) and separators (4) are counted. */
export const MAX_REPO_ID_BYTES = 38;

/** Competition id used by validators when a commitment carries none. */
export const ORIGINAL_COMPETITION_ID = 'm6';

/** Scoring constants of the reference validator. */
export const SCORING = Object.freeze({
  /** The docs say 1%; the validator code uses 0.0005. */
  timestampEpsilon: 0.0005,
  temperature: 0.08,
  movingAverageAlpha: 0.9,
  weightsVersionKey: 2002,
});

export const COMPETITIONS: readonly Competition[] = Object.freeze([
  Object.freeze({
    id: ORIGINAL_COMPETITION_ID,
    architecture: 'UNet2DConditionModel',
    maxParameters: 2.5 * 1024 ** 3,
    maxRepoBytes: MAX_REPO_BYTES,
    baseModel: 'stabilityai/stable-diffusion-xl-base-1.0',
    vaeModel: 'madebyollin/sdxl-vae-fp16-fix',
    dataset: 'midjourney_v6_all',
    rewardShare: 1.0,
  }),
]);

/** Every competition currently scheduled (the data behind `--list_competitions`). */
export function listCompetitions(): readonly Competition[] {
  return COMPETITIONS;
}
