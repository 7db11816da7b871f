import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsicFunction } from '@polkadot/api/types';

/** A transaction builder from the runtime's metadata, with a clear error when this runtime lacks it. */
export function runtimeCall(
  api: ApiPromise,
  section: string,
  method: string,
): SubmittableExtrinsicFunction<'promise'> {
  const call = api.tx[section]?.[method];
  if (!call) throw new Error(`devnet: this runtime has no ${section}.${method} call`);
  return call;
}
