import { PixelError } from '@pixel/constraints';

/** A wallet file is missing, unreadable, in an unsupported format, or does not match its address. */
export class WalletError extends PixelError {}

/** The chain did not answer in time (a hung node or a dead connection). */
export class ChainTimeoutError extends PixelError {
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
    readonly endpoint: string,
  ) {
    super(
      `${operation} got no answer from ${endpoint} within ${timeoutMs} ms: the node is unreachable or stalled. ` +
        'Check the node, or choose another one with --subtensor.network / --subtensor.chain_endpoint.',
    );
  }
}

/** The chain refused a transaction: a dispatch error (`pallet.name`) or an invalid transaction. */
export class ChainCallError extends PixelError {
  constructor(
    message: string,
    /** e.g. `commitments.AccountNotAllowedCommit`, or `invalid` for a rejected transaction. */
    readonly code: string,
  ) {
    super(message);
  }
}

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
    /** `commitments.CommitmentSetRateLimitExceeded`, `commitments.SpaceLimitExceeded`, `subtensorModule.SettingWeightsTooFast`... */
    readonly code: string,
    readonly retryAtBlock: number | undefined,
  ) {
    super(message);
  }
}
