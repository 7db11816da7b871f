/** The parts of a ModelId; absent values are `undefined` (the reference writes them as `None`). */
export interface ModelIdFields {
  /** Hugging Face user or organisation that owns the repo. */
  readonly namespace: string;
  /** Repo name inside the namespace. */
  readonly name: string;
  /** Git commit sha of the pushed revision (40 hex characters). */
  readonly commit?: string | null;
  /** `hashDirectory` of that revision: base64 of a sha256 (44 characters). */
  readonly hash?: string | null;
  /** Competition the model enters; validators treat an absent one as `m6`. */
  readonly competitionId?: string | null;
}

/** Which part of a ModelId a validation problem is about. */
export type ModelIdField =
  'namespace' | 'name' | 'repoId' | 'commit' | 'hash' | 'competitionId' | 'compressed';

/** One reason a ModelId would be rejected by the Hub, the chain or validators. */
export interface ModelIdProblem {
  readonly field: ModelIdField;
  /** Human sentence naming the field, the offending value or length, the limit and the fix. */
  readonly message: string;
}

/** What `checkModel` needs to know about a model. */
export interface ModelStats {
  /** Number of parameters of the UNet. */
  readonly parameterCount: number;
  /** Sum of the sizes of every file in the Hugging Face repo at the committed revision. */
  readonly repoBytes: number;
}

/** One competition limit a model exceeds. */
export interface ModelLimitViolation {
  readonly limit: 'maxParameters' | 'maxRepoBytes';
  readonly actual: number;
  readonly allowed: number;
  /** Human sentence naming the number, the limit and the competition. */
  readonly message: string;
}

/** Per-uid values, keyed by uid: a Map, or a plain object such as parsed JSON (`{"5": ...}`). */
export type UidValues<T> = ReadonlyMap<number, T> | Readonly<Record<number, T>>;

/** Result of `computeWins`: both maps iterate in the order of the `uids` given. */
export interface WinCounts {
  /** Matches won by each uid, over every other uid and every batch both evaluated. */
  readonly wins: Map<number, number>;
  /** wins / matches played (0 when a uid played no match). */
  readonly winRate: Map<number, number>;
}
