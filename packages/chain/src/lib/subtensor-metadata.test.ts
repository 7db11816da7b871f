// @pixel/chain against the metadata of runtimes newer than the devnet's spec 218 (finney's spec 343 and a spec 381
// devnet, ../shared/chain/metadata): what it sends encodes as they expect and what they store decodes through the
// code that reads it. No node: @polkadot/types alone, set up from the metadata as connectSubtensor's client is.
import { Keyring } from '@polkadot/keyring';
import type { Option } from '@polkadot/types';
import type { Codec } from '@polkadot/types/types';
import { compactFromU8a, compactStripLength, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady, signatureVerify, xxhashAsU8a } from '@polkadot/util-crypto';

import {
  decodeStorageValue,
  loadRuntimeMetadata,
  NEWER_RUNTIMES,
  storageValueType,
  transactionExtensions,
} from '../test-support/runtime-metadata.js';
import { decodeCommitment } from './decode-commitment.js';
import { decodeSubnetIdentity } from './decode-subnet-identity.js';
import { decodeUsedSpace } from './decode-used-space.js';
import { netuidStorageIndex } from './netuid-storage-index.js';
import { rawCommitmentInfo } from './raw-commitment-info.js';
import { subtensorRuntimeRules } from './subtensor-runtime-rules.js';

const MODEL_ID = `pixel-miner:sdxl-m6:${'a'.repeat(40)}:${'B'.repeat(43)}=:m6`;
const bytes = (text: string) => new TextEncoder().encode(text);
const u32le = (value: number) => {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
};
const u64le = (value: number) => {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(value), true);
  return out;
};

describe.each(NEWER_RUNTIMES)('@pixel/chain against the metadata of $name', ({ file, specVersion }) => {
  const { registry, metadata, decorated } = loadRuntimeMetadata(file);
  const commitments = decorated.query.commitments!;
  const subtensorModule = decorated.query.subtensorModule!;

  it('encodes the commitment as Commitments.set_commitment (pallet 18, call 0) with one Raw<N> field, tag N + 1', () => {
    for (const text of ['', MODEL_ID, 'x'.repeat(128)]) {
      const call = decorated.tx.commitments!.setCommitment!(17, rawCommitmentInfo(bytes(text)));
      const expected = u8aConcat([18, 0], [17, 0], [0x04], [text.length + 1], bytes(text));
      expect(u8aToHex(call.toU8a())).toBe(u8aToHex(expected));
    }
  });

  it("signs it with the runtime's transaction extensions, in its order, over the payload the runtime rebuilds", async () => {
    await cryptoWaitReady();
    const hotkey = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Pixel_hk');
    const call = decorated.tx.commitments!.setCommitment!(17, rawCommitmentInfo(bytes(MODEL_ID)));
    const genesisHash = `0x${'11'.repeat(32)}`;
    const blockHash = `0x${'22'.repeat(32)}`;
    const era = registry.createType('ExtrinsicEra', { current: 5_000_000, period: 64 });
    const transactionVersion = 1;
    // As @polkadot/api signs for submitExtrinsic: the extrinsic version it picks from the metadata, a mortal era,
    // the nonce, and its defaults for the rest (no tip, CheckMetadataHash off).
    const extrinsic = registry.createType('Extrinsic', call, {
      version: metadata.asLatest.extrinsic.versions.at(0),
    });
    extrinsic.sign(hotkey, {
      blockHash,
      era,
      genesisHash,
      nonce: 7,
      runtimeVersion: registry.createType('RuntimeVersion', { specVersion, transactionVersion }),
      signedExtensions: registry.signedExtensions,
    });

    // The extrinsic: compact length, 0x84 (signed, v4), MultiAddress::Id, MultiSignature::Sr25519, then each
    // extension's explicit part decoded with the runtime's own types, then the call.
    const encoded = extrinsic.toU8a();
    const [lengthBytes, length] = compactFromU8a(encoded);
    const body = encoded.subarray(lengthBytes);
    expect(body.length).toBe(length.toNumber());
    expect(body[0]).toBe(0x84);
    expect(u8aToHex(body.subarray(1, 34))).toBe(u8aToHex(u8aConcat([0x00], hotkey.publicKey)));
    expect(body[34]).toBe(0x01);
    const signature = body.subarray(35, 99);
    let offset = 99;
    const explicit: Record<string, Uint8Array> = {};
    const extensions = transactionExtensions(registry, metadata);
    for (const { identifier, explicit: type } of extensions) {
      const decoded = registry.createTypeUnsafe(type, [body.subarray(offset)]);
      explicit[identifier] = body.subarray(offset, offset + decoded.encodedLength);
      offset += decoded.encodedLength;
    }
    expect(u8aToHex(body.subarray(offset))).toBe(u8aToHex(call.toU8a()));
    expect(u8aToHex(explicit.CheckMortality)).toBe(era.toHex());
    expect(u8aToHex(explicit.CheckNonce)).toBe('0x1c'); // compact 7
    expect(u8aToHex(explicit.ChargeTransactionPayment)).toBe('0x00'); // compact tip 0
    expect(u8aToHex(explicit.CheckMetadataHash)).toBe('0x00'); // mode Disabled
    const carryBytes = new Set([
      'CheckMortality',
      'CheckNonce',
      'ChargeTransactionPayment',
      'CheckMetadataHash',
    ]);
    for (const { identifier } of extensions) {
      if (!carryBytes.has(identifier))
        expect({ identifier, bytes: explicit[identifier]!.length }).toEqual({ identifier, bytes: 0 });
    }

    // The payload the runtime verifies the signature against: call, explicit parts, implicit parts (its types).
    const implicitValues: Record<string, unknown> = {
      CheckSpecVersion: specVersion,
      CheckTxVersion: transactionVersion,
      CheckGenesis: genesisHash,
      CheckMortality: blockHash,
      CheckMetadataHash: null,
    };
    const implicit = extensions.map(({ identifier, implicit: type }) => {
      const value = registry.createTypeUnsafe(
        type,
        identifier in implicitValues ? [implicitValues[identifier]] : [],
      );
      if (!(identifier in implicitValues))
        expect({ identifier, bytes: value.encodedLength }).toEqual({ identifier, bytes: 0 });
      return value.toU8a();
    });
    const payload = u8aConcat(
      call.toU8a(),
      ...extensions.map(({ identifier }) => explicit[identifier]!),
      ...implicit,
    );
    const signed = payload.length > 256 ? blake2AsU8a(payload, 256) : payload;
    expect(signatureVerify(signed, signature, hotkey.publicKey).isValid).toBe(true);
  });

  it('decodes CommitmentOf as finney stores it (deposit, block, one Raw<N> field) through the commitment reader', () => {
    const stored = u8aConcat(u64le(0), u32le(4_321_000), [0x04], [MODEL_ID.length + 1], bytes(MODEL_ID));
    const registration = decodeStorageValue(registry, commitments.commitmentOf!, stored) as Option<Codec>;
    const decoded = decodeCommitment(registration.unwrap());
    expect(decoded.ok && decoded.metadata.modelId.toCompressedString()).toBe(MODEL_ID);
    expect(decoded.ok && decoded.metadata.block).toBe(4_321_000);
  });

  it('decodes UsedSpaceOf and MaxSpace (3100 when unset) as the commitment budget check reads them', () => {
    const used = decodeStorageValue(
      registry,
      commitments.usedSpaceOf!,
      u8aConcat(u64le(12_345), u64le(3_000)),
    );
    expect(decodeUsedSpace(used as Option<Codec>)).toEqual({ lastEpoch: 12_345, usedSpace: 3_000 });
    expect(
      decodeUsedSpace(decodeStorageValue(registry, commitments.usedSpaceOf!, undefined) as Option<Codec>),
    ).toBe(undefined);
    expect(decodeStorageValue(registry, commitments.maxSpace!, undefined).toJSON()).toBe(3100);
  });

  it('decodes SubnetIdentitiesV3 as getSubnetIdentity reads it', () => {
    const identity = {
      subnetName: 'pixel',
      githubRepo: 'https://github.com/PlixML/pixel',
      subnetContact: 'team@example.org',
      subnetUrl: 'https://example.org',
      discord: 'pixel#17',
      description: 'Fine-tuned SDXL models\u001b[31m, scored by loss',
      logoUrl: 'https://example.org/logo.png',
      additional: '',
    };
    const entry = subtensorModule.subnetIdentitiesV3!;
    const stored = registry.createTypeUnsafe(storageValueType(registry, entry), [identity]).toU8a();
    expect(decodeSubnetIdentity(decodeStorageValue(registry, entry, stored) as Option<Codec>)).toEqual({
      ...identity,
      description: 'Fine-tuned SDXL models[31m, scored by loss',
    });
    expect(
      decodeSubnetIdentity(decodeStorageValue(registry, entry, undefined) as Option<Codec>),
    ).toBeUndefined();
  });

  it('keys Incentive, LastUpdate and Weights by NetUidStorageIndex: mechanism 0 is the netuid itself', () => {
    const key = (item: string, ...args: unknown[]) =>
      u8aToHex(compactStripLength(subtensorModule[item]!(...args))[1]);
    const prefix = (item: string) => u8aConcat(xxhashAsU8a('SubtensorModule', 128), xxhashAsU8a(item, 128));
    for (const item of ['incentive', 'lastUpdate']) {
      const name = `${item.charAt(0).toUpperCase()}${item.slice(1)}`;
      expect(key(item, netuidStorageIndex(17))).toBe(u8aToHex(u8aConcat(prefix(name), [17, 0])));
      expect(key(item, netuidStorageIndex(17, 1))).toBe(u8aToHex(u8aConcat(prefix(name), [0x11, 0x10]))); // 4113
    }
    expect(key('weights', netuidStorageIndex(17), 3)).toBe(
      u8aToHex(u8aConcat(prefix('Weights'), [17, 0], [3, 0])),
    );
  });

  it('has the commitment space budget without a RateLimit, and epochs by block number (no SubnetEpochIndex)', () => {
    expect(subtensorRuntimeRules(decorated.query)).toEqual({
      commitmentLimit: 'space-budget',
      epoch: 'block-number',
    });
    expect(decorated.consts.commitments?.rateLimit).toBeUndefined();
  });
});
