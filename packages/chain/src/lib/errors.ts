import { PixelError, UnavailableError, UsageError } from '@pixel/constraints';

/**
 * A wallet file is missing, unreadable, in an unsupported format, holds no valid key or does not match its
 * address, or its password is wrong: the user fixes the wallet flags, the file or the password (exit code 2).
 */
export class WalletError extends UsageError {}

/** The password does not decrypt the keyfile (or the file is corrupted). */
export class WrongPasswordError extends WalletError {}

/** How to get past a node that cannot be used, for the chain errors' messages. */
const CHOOSE_ANOTHER_NODE = 'choose another one with --subtensor.network / --subtensor.chain_endpoint';

/** The chain did not answer in time (a hung node or a dead connection). Exit code 3. */
export class ChainTimeoutError extends UnavailableError {
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
    readonly endpoint: string,
  ) {
    super(
      `${operation} got no answer from ${endpoint} within ${timeoutMs} ms: the node is unreachable or stalled. ` +
        `Check the node, or ${CHOOSE_ANOTHER_NODE}.`,
    );
  }
}

/**
 * Connecting failed outright: refused, a host name that does not resolve, not a WebSocket server, closed
 * before it was ready. `reason` says which, in words. Exit code 3.
 */
export class ChainUnreachableError extends UnavailableError {
  constructor(
    readonly endpoint: string,
    readonly reason: string,
  ) {
    super(
      `Cannot reach the chain at ${endpoint}: ${reason}. Check that the node is up and reachable from here, ` +
        `or ${CHOOSE_ANOTHER_NODE}.`,
    );
  }
}

/** The chain refused a transaction: a dispatch error (`pallet.name`) or an invalid transaction. */
export class ChainCallError extends PixelError {
  constructor(
    message: string,
    /** e.g. `commitments.AccountNotAllowedCommit`, `pool.Payment` (TransactionRejectedError), or `invalid`. */
    readonly code: string,
  ) {
    super(message);
  }
}

/**
 * The node refused the transaction before any block (its transaction pool found it invalid: not enough stake, a
 * fee the signer cannot pay, a stale nonce, ...), so nothing happened on chain. `code` is `pool.<reason>`, e.g.
 * `pool.StakeAmountTooLow` or `pool.Payment`; the message says what to do.
 */
export class TransactionRejectedError extends ChainCallError {}

/** The hotkey has no uid on the subnet, so the chain would refuse its commitments and weights. */
export class HotkeyNotRegisteredError extends PixelError {
  constructor(
    readonly hotkey: string,
    readonly netuid: number,
  ) {
    super(
      `Hotkey ${hotkey} is not registered on subnet ${netuid}. Register it first ` +
        `(e.g. \`btcli subnets register --netuid ${netuid}\`), or check --wallet.hotkey and --subtensor.network.`,
    );
  }
}

/** A chain rate limit stops the call now; `retryAtBlock` says when it will pass (when known). */
export class RateLimitError extends PixelError {
  constructor(
    message: string,
    /** `commitments.CommitmentSetRateLimitExceeded`, `commitments.SpaceLimitExceeded`, `subtensorModule.SettingWeightsTooFast`, `pool.RateLimitExceeded`... */
    readonly code: string,
    readonly retryAtBlock: number | undefined,
  ) {
    super(message);
  }
}
