import type { Bytes, Option, Struct } from '@polkadot/types';
import type { Codec } from '@polkadot/types/types';

import type { SubnetIdentity } from '../types/public.js';

/** Subtensor accepts at most 1024 bytes per field when an identity is set; anything longer is cut here. */
const MAX_FIELD_CHARACTERS = 1024;

/** Control characters and bidirectional overrides: a subnet owner's text must not steer a terminal or reorder a line. */
const UNSAFE_CHARACTERS = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;

const FIELDS = [
  'subnetName',
  'githubRepo',
  'subnetContact',
  'subnetUrl',
  'discord',
  'description',
  'logoUrl',
  'additional',
] as const satisfies ReadonlyArray<keyof SubnetIdentity>;

function text(struct: Struct, name: string): string {
  const bytes = struct.get(name) as Bytes | undefined;
  if (typeof bytes?.toU8a !== 'function') return '';
  const decoded = new TextDecoder('utf-8').decode(bytes.toU8a(true)).replace(UNSAFE_CHARACTERS, '');
  const characters = [...decoded];
  return characters.length > MAX_FIELD_CHARACTERS
    ? `${characters.slice(0, MAX_FIELD_CHARACTERS).join('')}…`
    : decoded;
}

/**
 * A subnet's self-declared identity as read from `SubtensorModule.SubnetIdentitiesV3(netuid)` (or the older
 * `SubnetIdentitiesV2`/`SubnetIdentities`, whose missing fields are empty): the owner's bytes as UTF-8 text
 * (invalid sequences replaced), without control characters, each field at most 1024 characters. Undefined when
 * the subnet has none.
 */
export function decodeSubnetIdentity(value: Option<Codec>): SubnetIdentity | undefined {
  if (value.isNone) return undefined;
  const identity = value.unwrap() as Struct;
  if (typeof identity.get !== 'function') return undefined;
  return Object.fromEntries(FIELDS.map((name) => [name, text(identity, name)])) as unknown as SubnetIdentity;
}
