import { PixelError, UsageError } from '@pixel/constraints';
import type { SubnetRecognition, UploadProblem } from './types/public.js';

/** Everything that stops an upload, listed at once so it can be fixed in one go. */
export class UploadCheckError extends PixelError {
  constructor(readonly problems: readonly UploadProblem[]) {
    super(
      `The upload would be refused (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((problem) => `  - ${problem.message}`).join('\n'),
    );
  }
}

/** Another miner's model fails a check validators make (hash, size, parameters); it must not be used. */
export class RemoteModelRejectedError extends PixelError {}

/**
 * The model is uploaded but its chain commitment never landed; its repo stays as it was (private, for every
 * repo `push` creates). `push` again with the same model to resume: it finds the uploaded revision, so only
 * the commitment and the publication are redone.
 */
export class CommitFailedError extends PixelError {
  constructor(
    readonly repo: string,
    readonly commit: string,
    readonly hash: string,
    readonly attempts: number,
    options: { cause: unknown; repoIsPublic?: boolean },
  ) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(
      `The chain commitment failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason}\n` +
        `The model is uploaded to ${repo} at commit ${commit} (hash ${hash}). ` +
        (options.repoIsPublic
          ? 'That repo was already public, so anyone can download it and commit it first. '
          : 'The repo stays private until the commitment lands, so nobody can download it or commit it first. ') +
        'Fix the cause and push again: it resumes with the commitment (nothing is uploaded again).',
      { cause: options.cause },
    );
  }
}

/** The commitment is on chain, but the repo could not be made public: validators cannot download it yet. */
export class PublishFailedError extends PixelError {
  constructor(
    readonly repo: string,
    readonly block: number,
    options: { cause: unknown },
  ) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(
      `The model is committed on chain at block ${block}, but making ${repo} public failed: ${reason}\n` +
        `Validators cannot download it until it is public. Run the same push again (it only makes the repo ` +
        `public), or make ${repo} public in its settings on the Hub.`,
      options,
    );
  }
}

/**
 * The subnet a write was aimed at is recognisably another project (its identity, or most of its commitments):
 * a commitment there reaches no pixel validator. A UsageError (exit code 2): the netuid or the network is wrong,
 * or, for a new pixel subnet whose identity is not set yet, the override is missing.
 */
export class UnrecognisedSubnetError extends UsageError {
  constructor(
    readonly netuid: number,
    readonly recognition: SubnetRecognition,
    subject: string,
  ) {
    super(
      `${subject} ${recognition.summary}: not a pixel competition, so no pixel validator reads what is committed ` +
        'there. Nothing was uploaded or committed. Check --netuid and --subtensor.network (pixel competitions ' +
        'run on testnet or on subnets of their own today: see "What exists today" in the README). For a new ' +
        'pixel subnet whose identity does not say so yet, pass --allow-unrecognised-subnet ' +
        '(allowUnrecognisedSubnet: true in @pixel/miner).',
    );
  }
}
