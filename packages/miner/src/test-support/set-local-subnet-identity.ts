import { setSubnetIdentity, type SubnetIdentityFields } from '@pixel-tools/devnet';
import type { LocalChainAndHub } from './use-local-chain-and-hub.js';

/**
 * Sets the identity of the local chain's subnet as its owner does (`set_subnet_identity`, signed by the owner's
 * coldkey); on the devnet's runtime (spec 218) an identity has a name, a GitHub repo and a contact.
 */
export function setLocalSubnetIdentity(
  network: LocalChainAndHub,
  identity: SubnetIdentityFields,
): Promise<void> {
  return setSubnetIdentity(
    network.subtensor.api,
    network.devnet.accounts.ownerColdkey,
    network.devnet.netuid,
    identity,
  );
}
