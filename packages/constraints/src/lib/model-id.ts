import type { ModelIdFields, ModelIdProblem } from '../types/public.js';
import { validateModelId } from './validate-model-id.js';

/** How the reference writes an absent value in the compressed string. */
const ABSENT = 'None';

function presentOrUndefined(value: string | null | undefined): string | undefined {
  return value === null || value === undefined ? undefined : value;
}

function tokenOrUndefined(token: string | undefined): string | undefined {
  return token === undefined || token === ABSENT ? undefined : token;
}

/**
 * A model's identity as committed to the chain, the reference's `ModelId`. Construction and
 * parsing never validate, because validators must read whatever miners committed; call
 * `validate()` before committing one of your own.
 */
export class ModelId implements ModelIdFields {
  readonly namespace: string;
  readonly name: string;
  readonly commit: string | undefined;
  readonly hash: string | undefined;
  readonly competitionId: string | undefined;

  constructor(fields: ModelIdFields) {
    this.namespace = fields.namespace;
    this.name = fields.name;
    this.commit = presentOrUndefined(fields.commit);
    this.hash = presentOrUndefined(fields.hash);
    this.competitionId = presentOrUndefined(fields.competitionId);
  }

  /**
   * Parses `namespace:name:commit:hash[:competition_id]` as the reference does: `None` tokens are
   * absent, a missing 5th token means no competition id, tokens after the 5th are ignored.
   */
  static fromCompressedString(compressed: string): ModelId {
    const tokens = compressed.split(':');
    if (tokens.length < 4) {
      throw new Error(
        `Cannot parse ModelId "${compressed}": expected namespace:name:commit:hash[:competition_id] ` +
          `(at least 4 fields separated by ":"), found ${tokens.length}.`,
      );
    }
    const [namespace, name, commit, hash, competitionId] = tokens as [
      string,
      string,
      string,
      string,
      ...string[],
    ];
    return new ModelId({
      namespace,
      name,
      commit: tokenOrUndefined(commit),
      hash: tokenOrUndefined(hash),
      competitionId: tokenOrUndefined(competitionId),
    });
  }

  /** The string committed to the chain; absent values are written as `None`. */
  toCompressedString(): string {
    return [this.namespace, this.name, this.commit, this.hash, this.competitionId]
      .map((value) => value ?? ABSENT)
      .join(':');
  }

  /** `namespace/name`, the Hugging Face repo id. */
  get repoId(): string {
    return `${this.namespace}/${this.name}`;
  }

  /** Every reason the Hub, the chain or validators would reject this id; empty when it is fine. */
  validate(): ModelIdProblem[] {
    return validateModelId(this);
  }

  toString(): string {
    return this.toCompressedString();
  }
}
