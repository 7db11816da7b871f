import type { Option } from '@polkadot/types';
import type { Codec } from '@polkadot/types/types';

import type { SubnetIdentity, Subtensor } from '../types/public.js';
import { chainQuery } from './chain-query.js';
import { decodeSubnetIdentity } from './decode-subnet-identity.js';
import { hasStorage } from './has-storage.js';

/** Newest first: runtimes keep only the latest version of the storage item. */
const IDENTITY_STORAGE = ['subnetIdentitiesV3', 'subnetIdentitiesV2', 'subnetIdentities'] as const;

/**
 * The subnet's self-declared identity (name, GitHub repository, contact, URLs, description), bounded and
 * cleaned for display, or undefined when the owner set none or the runtime keeps no identities.
 */
export async function getSubnetIdentity(
  subtensor: Subtensor,
  netuid: number,
): Promise<SubnetIdentity | undefined> {
  const item = IDENTITY_STORAGE.find((name) => hasStorage(subtensor.api.query, 'subtensorModule', name));
  if (!item) return undefined;
  return decodeSubnetIdentity(await chainQuery<Option<Codec>>(subtensor, 'subtensorModule', item, netuid));
}
