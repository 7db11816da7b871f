import type { ApiOptions } from '@polkadot/api/types';

/**
 * How @pixel/chain sets up @polkadot/api for subtensor (everything but the provider). Calls, storage, errors and
 * the transaction extensions all come from the runtime's metadata, so nothing is declared here:
 * - Today's runtimes wrap the transaction payment extension (`ChargeTransactionPaymentWrapper` in their source),
 *   but the wrapper reports the inner `ChargeTransactionPayment` in metadata (subtensor
 *   runtime/src/transaction_payment_wrapper.rs, `fn metadata`), which polkadot-js encodes itself (a compact tip).
 * - Subtensor's own extensions (SubtensorTransactionExtension, SudoTransactionExtension, DrandPriority,
 *   CheckShieldedTxValidity; SubtensorSignedExtension and CommitmentsSignedExtension in spec 218) encode nothing,
 *   which is what polkadot-js assumes of extensions it does not know.
 * src/lib/subtensor-metadata.test.ts checks both against the metadata of spec 343 and 381.
 */
export function subtensorApiOptions(): Omit<ApiOptions, 'provider'> {
  // The "unknown signed extensions, treating them as no-effect" notice is expected (see above), not news.
  return { noInitWarn: true };
}
