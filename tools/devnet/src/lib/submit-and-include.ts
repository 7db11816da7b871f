import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { Null, Result } from '@polkadot/types';
import type { DispatchError, EventRecord } from '@polkadot/types/interfaces';

const INCLUSION_TIMEOUT_MS = 120_000;

function describeDispatchError(api: ApiPromise, error: DispatchError): string {
  if (error.isModule) {
    const meta = api.registry.findMetaError(error.asModule);
    return `${meta.section}.${meta.name}`;
  }
  return error.toString();
}

/**
 * Sign, submit and wait until the extrinsic is in a block; throw if it or a `sudo` it wraps failed.
 * `nonce: -1` asks the node for the next nonce: the cached default goes stale on back-to-back transactions.
 */
export async function submitAndInclude(
  api: ApiPromise,
  tx: SubmittableExtrinsic<'promise'>,
  signer: KeyringPair,
): Promise<EventRecord[]> {
  const label = `${tx.method.section}.${tx.method.method}`;
  let timer: NodeJS.Timeout | undefined;
  return new Promise<EventRecord[]>((resolve, reject) => {
    let unsubscribe: (() => void) | undefined;
    // A stalled chain must fail the set-up, not hang it.
    timer = setTimeout(() => {
      unsubscribe?.();
      reject(new Error(`devnet: ${label} was not included within ${INCLUSION_TIMEOUT_MS / 1000} s`));
    }, INCLUSION_TIMEOUT_MS);
    tx.signAndSend(signer, { nonce: -1 }, (result) => {
      if (result.isError) {
        unsubscribe?.();
        reject(new Error(`devnet: ${label} was dropped (${result.status.type})`));
        return;
      }
      // chopsticks can send inBlock and finalized before the subscription id; the client then replays only the last.
      if (!result.status.isInBlock && !result.status.isFinalized) return;
      unsubscribe?.();
      if (result.dispatchError) {
        reject(new Error(`devnet: ${label} failed: ${describeDispatchError(api, result.dispatchError)}`));
        return;
      }
      for (const { event } of result.events) {
        const sudoResult =
          event.section === 'sudo' && event.method === 'Sudid'
            ? (event.data[0] as Result<Null, DispatchError>)
            : undefined;
        if (sudoResult?.isErr) {
          reject(new Error(`devnet: sudo ${label} failed: ${describeDispatchError(api, sudoResult.asErr)}`));
          return;
        }
        if (event.section === 'utility' && event.method === 'BatchInterrupted') {
          reject(new Error(`devnet: batch ${label} interrupted: ${event.data.toString()}`));
          return;
        }
      }
      resolve(result.events);
    })
      .then((unsub) => {
        unsubscribe = unsub;
      })
      .catch((error: unknown) => reject(new Error(`devnet: ${label} was rejected: ${String(error)}`)));
  }).finally(() => clearTimeout(timer));
}
