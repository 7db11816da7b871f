import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { DispatchError, EventRecord } from '@polkadot/types/interfaces';

import type { Subtensor } from '../types/public.js';
import { ChainCallError } from './errors.js';
import { chainCall } from './chain-call.js';
import { transactionPoolRejection } from './transaction-pool-rejection.js';

export interface Inclusion {
  blockHash: string;
  block: number;
  events: EventRecord[];
}

function dispatchFailure(subtensor: Subtensor, label: string, error: DispatchError): ChainCallError {
  if (error.isModule) {
    const { section, name, docs } = subtensor.api.registry.findMetaError(error.asModule);
    const explanation = docs.join(' ').trim();
    return new ChainCallError(
      `${label} failed on chain: ${section}.${name}${explanation ? ` (${explanation})` : ''}`,
      `${section}.${name}`,
    );
  }
  return new ChainCallError(`${label} failed on chain: ${error.toString()}`, error.type);
}

/**
 * Sign with `signer`, submit, and wait until the extrinsic is in a block (not finalization).
 * Throws ChainCallError for a failed extrinsic, a TransactionRejectedError (or RateLimitError) naming why the
 * node's pool refused it, and ChainTimeoutError if inclusion takes
 * longer than the client's call timeout. The nonce is asked from the node each time (`nonce: -1`).
 */
export async function submitExtrinsic(
  subtensor: Subtensor,
  tx: SubmittableExtrinsic<'promise'>,
  signer: KeyringPair,
): Promise<Inclusion> {
  const label = `${tx.method.section}.${tx.method.method}`;
  let unsubscribe: (() => void) | undefined;
  let settled = false;
  const include = () =>
    new Promise<Inclusion>((resolve, reject) => {
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        unsubscribe?.();
        outcome();
      };
      tx.signAndSend(signer, { nonce: -1 }, (result) => {
        if (result.isError || result.status.isDropped || result.status.isInvalid || result.status.isUsurped) {
          finish(() =>
            reject(
              new ChainCallError(`${label} was not included: ${result.status.type}`, result.status.type),
            ),
          );
          return;
        }
        // Statuses can arrive before the subscription id (chopsticks under load); polkadot-js then replays only
        // the last one, so a finalized status may be the first we see.
        if (!result.status.isInBlock && !result.status.isFinalized) return;
        const blockHash = (
          result.status.isInBlock ? result.status.asInBlock : result.status.asFinalized
        ).toHex();
        finish(() => {
          if (result.dispatchError) {
            reject(dispatchFailure(subtensor, label, result.dispatchError));
            return;
          }
          subtensor.api.rpc.chain
            .getHeader(blockHash)
            .then(
              (header) => resolve({ blockHash, block: header.number.toNumber(), events: result.events }),
              reject,
            );
        });
      })
        .then((unsub) => {
          unsubscribe = unsub;
          if (settled) unsub();
        })
        .catch((error: unknown) => {
          // The node refused it before its pool took it (e.g. "1010: Invalid Transaction: Custom error: 1").
          const specVersion = subtensor.api.runtimeVersion.specVersion.toNumber();
          finish(() =>
            reject(transactionPoolRejection(error, { call: label, signer: signer.address, specVersion })),
          );
        });
    });
  return chainCall(subtensor, `Submitting ${label}`, include, () => {
    settled = true;
    unsubscribe?.();
  });
}
