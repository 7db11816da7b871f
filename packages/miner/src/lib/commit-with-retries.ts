import {
  ChainTimeoutError,
  commitModel,
  RateLimitError,
  type CommitResult,
  type KeyringPair,
  type Subtensor,
} from '@pixel/chain';
import type { ModelId } from '@pixel/constraints';
import { CommitFailedError } from '../errors.js';
import type { CommitRetryPolicy } from '../types/public.js';
import { waitForRetry } from './wait-for-retry.js';

const DEFAULT_ATTEMPTS = 10;

/** Refusals that pass with time; anything else (an unregistered hotkey, a bad id) would fail the same way again. */
function isTransient(error: unknown): error is Error {
  return error instanceof RateLimitError || error instanceof ChainTimeoutError;
}

/**
 * Commit `modelId` for the hotkey, trying again across rate limits and timeouts as `policy` says.
 * Resolves with the read-back commitment; rejects with a CommitFailedError holding the last refusal.
 */
export async function commitWithRetries(params: {
  subtensor: Subtensor;
  hotkey: KeyringPair;
  netuid: number;
  modelId: ModelId;
  policy?: CommitRetryPolicy;
  /** For the failure's message: whether the uploaded revision is downloadable already. Default false. */
  repoIsPublic?: boolean;
  log?: (line: string) => void;
}): Promise<CommitResult> {
  const attempts = Math.max(1, params.policy?.attempts ?? DEFAULT_ATTEMPTS);
  const wait = params.policy?.wait ?? ((error: Error) => waitForRetry(params.subtensor, error));
  for (let attempt = 1; ; attempt++) {
    try {
      return await commitModel(params.subtensor, params.hotkey, params.netuid, params.modelId);
    } catch (error) {
      if (!isTransient(error) || attempt >= attempts) {
        throw new CommitFailedError(
          params.modelId.repoId,
          params.modelId.commit ?? '',
          params.modelId.hash ?? '',
          attempt,
          { cause: error, repoIsPublic: params.repoIsPublic },
        );
      }
      params.log?.(`Commit attempt ${attempt} of ${attempts} refused: ${error.message} Retrying.`);
      await wait(error, attempt);
    }
  }
}
