/**
 * Base of the errors pixel packages throw on purpose (wallet, chain, Hub, upload problems): its `name` is
 * the subclass's own name, e.g. "WalletError", so logs and `error.name` say which error it is without each
 * class repeating its name; `cause` is the standard ES2022 option.
 *
 * `exitCode` is what a command ends with when this error stops it, so every CLI maps failures to the same
 * table: 1 a command failed, 2 the input was wrong ({@link UsageError}), 3 a service did not answer
 * ({@link UnavailableError}).
 */
export class PixelError extends Error {
  readonly exitCode: number = 1;

  constructor(message?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * What the user gave is wrong (a flag, a flag's value, a config value, an option object): fixing the input
 * is the way out, and retrying as is never helps. Exit code 2.
 */
export class UsageError extends PixelError {
  override readonly exitCode: number = 2;
}

/**
 * A service pixel needs could not be reached or did not answer (a chain node, the Hub, a dataset source):
 * the input may be right, and the fix is the endpoint, the network or a later retry. Exit code 3.
 */
export class UnavailableError extends PixelError {
  override readonly exitCode: number = 3;
}
