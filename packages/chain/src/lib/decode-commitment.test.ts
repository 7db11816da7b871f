import type { Option } from '@polkadot/types';
import type { Codec } from '@polkadot/types/types';

import {
  decodeStorageValue,
  loadRuntimeMetadata,
  storageValueType,
} from '../test-support/runtime-metadata.js';
import { decodeCommitment } from './decode-commitment.js';

// Commitments as finney's runtime (spec 343) stores them, decoded as getModelMetadata reads them.
const { registry, decorated } = loadRuntimeMetadata('finney-spec343-v15.scale');
const commitmentOf = decorated.query.commitments!.commitmentOf!;

function registration(fields: unknown[], block = 42): Codec {
  const value = registry.createTypeUnsafe(storageValueType(registry, commitmentOf), [
    { deposit: 0, block, info: { fields } },
  ]);
  return (decodeStorageValue(registry, commitmentOf, value.toU8a()) as Option<Codec>).unwrap();
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe('decodeCommitment', () => {
  it('reads a Raw field holding a ModelId compressed string, with its block', () => {
    const decoded = decodeCommitment(registration([{ Raw19: bytes('me:sdxl:abc:ZZZ=:m6') }], 42));
    expect(decoded.ok && decoded.metadata.block).toBe(42);
    expect(decoded.ok && decoded.metadata.modelId.toCompressedString()).toBe('me:sdxl:abc:ZZZ=:m6');
  });

  it('explains instead of throwing for malformed commitments', () => {
    expect(decodeCommitment(registration([]))).toEqual({ ok: false, reason: 'the commitment has no fields' });
    expect(decodeCommitment(registration([{ Sha256: new Uint8Array(32) }]))).toEqual({
      ok: false,
      reason: 'its first field is sha256, not Raw bytes',
    });
    expect(decodeCommitment(registration(['None']))).toEqual({
      ok: false,
      reason: 'its first field is none, not Raw bytes',
    });
    expect(decodeCommitment(registration(['ResetBondsFlag']))).toEqual({
      ok: false,
      reason: 'its first field is resetBondsFlag, not Raw bytes',
    });
    expect(decodeCommitment(registration([{ Raw2: new Uint8Array([0xff, 0xfe]) }]))).toEqual({
      ok: false,
      reason: 'its raw2 field is not valid UTF-8',
    });
    const wrongShape = decodeCommitment(registration([{ Raw5: bytes('hello') }]));
    expect(wrongShape.ok).toBe(false);
    expect(!wrongShape.ok && wrongShape.reason).toMatch(/expected namespace:name:commit:hash/);
  });
});
