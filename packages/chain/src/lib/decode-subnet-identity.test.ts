import type { Option } from '@polkadot/types';
import type { Codec } from '@polkadot/types/types';

import { decodeStorageValue, loadRuntimeMetadata } from '../test-support/runtime-metadata.js';
import { decodeSubnetIdentity } from './decode-subnet-identity.js';

const { registry, decorated } = loadRuntimeMetadata('devnet-spec381-v16.scale');
const entry = decorated.query.subtensorModule!.subnetIdentitiesV3!;

/** The identity's storage bytes as an owner could set them: eight SCALE byte strings. */
function stored(fields: Uint8Array[]): Option<Codec> {
  const compactLength = (length: number) =>
    length < 64 ? [length << 2] : [((length << 2) | 1) & 0xff, length >> 6];
  const bytes = fields.flatMap((field) => [...compactLength(field.length), ...field]);
  return decodeStorageValue(registry, entry, Uint8Array.from(bytes)) as Option<Codec>;
}

const text = (value: string) => new TextEncoder().encode(value);
const empty = new Uint8Array(0);

describe('decodeSubnetIdentity', () => {
  it('replaces invalid UTF-8 and drops control and bidirectional-override characters', () => {
    const identity = decodeSubnetIdentity(
      stored([
        Uint8Array.from([0x70, 0x69, 0xff, 0x78]), // "pi", an invalid byte, "x"
        text('github.com/x\r\n'),
        text('\u202eevil'),
        empty,
        empty,
        text('line one\u0007\u009b'),
        empty,
        empty,
      ]),
    );
    expect(identity).toMatchObject({
      subnetName: 'pi\ufffdx',
      githubRepo: 'github.com/x',
      subnetContact: 'evil',
      description: 'line one',
      logoUrl: '',
    });
  });

  it('cuts a field at 1024 characters', () => {
    const long = 'é'.repeat(4000); // 8000 bytes: more than the chain lets an owner set, so only a bound here
    const identity = decodeSubnetIdentity(
      stored([empty, empty, empty, empty, empty, text(long), empty, empty]),
    );
    expect(identity?.description).toBe(`${'é'.repeat(1024)}…`);
  });
});
