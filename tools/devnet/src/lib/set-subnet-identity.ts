import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';

import type { SubnetIdentityFields } from '../types.js';
import { runtimeCall } from './runtime-call.js';
import { submitAndInclude } from './submit-and-include.js';

const camelCase = (name: string) => name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/**
 * Set a subnet's identity as its owner does (`SubtensorModule.set_subnet_identity`, signed by the owner's
 * coldkey: `devnet.accounts.ownerColdkey` for the devnet's subnet). The call's fields differ by runtime (spec
 * 218 takes a name, a GitHub repo and a contact; later ones also URLs, a description, a logo), so they are read
 * from metadata: fields left out are empty, a field this runtime does not have is an error.
 */
export async function setSubnetIdentity(
  api: ApiPromise,
  owner: KeyringPair,
  netuid: number,
  identity: SubnetIdentityFields,
): Promise<void> {
  const call = runtimeCall(api, 'subtensorModule', 'setSubnetIdentity');
  const fields = call.meta.args.slice(1).map((arg) => camelCase(arg.name.toString()));
  const unknown = Object.keys(identity).filter((field) => !fields.includes(field));
  if (unknown.length > 0) {
    throw new Error(
      `devnet: this runtime's subnet identity has no ${unknown.join(', ')} (it has ${fields.join(', ')})`,
    );
  }
  const values = fields.map((field) => identity[field as keyof SubnetIdentityFields] ?? '');
  await submitAndInclude(api, call(netuid, ...values), owner);
}
