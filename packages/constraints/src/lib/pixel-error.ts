/**
 * Base of the errors pixel packages throw on purpose (wallet, chain, Hub, upload problems): its `name` is
 * the subclass's own name, e.g. "WalletError", so logs and `error.name` say which error it is without each
 * class repeating its name; `cause` is the standard ES2022 option.
 */
export class PixelError extends Error {
  constructor(message?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
