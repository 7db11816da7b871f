// The metadata of subtensor runtimes newer than the one the devnet runs (../shared/chain/metadata): enough to
// build, encode and decode what those runtimes expect with @polkadot/types, without a node.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { SHARED_DIR } from '@pixel-tools/test-support';
import { Metadata, TypeRegistry } from '@polkadot/types';
import { expandMetadata } from '@polkadot/types/metadata/decorate';
import type { DecoratedMeta } from '@polkadot/types/metadata/decorate/types';
import type { StorageEntry } from '@polkadot/types/primitive/types';
import type { Codec } from '@polkadot/types/types';

import { subtensorApiOptions } from '../lib/subtensor-api-options.js';

export const NEWER_RUNTIMES = [
  { name: 'finney spec 343 (metadata v15)', file: 'finney-spec343-v15.scale', specVersion: 343 },
  { name: 'devnet spec 381 (metadata v16)', file: 'devnet-spec381-v16.scale', specVersion: 381 },
] as const;

export interface RuntimeMetadata {
  registry: TypeRegistry;
  metadata: Metadata;
  /** `query`, `tx`, `consts` as `api.query`/`api.tx`/`api.consts` would have them (storage keys and calls, not reads). */
  decorated: DecoratedMeta;
}

/** A registry set up from the runtime's metadata the way connectSubtensor's ApiPromise sets up its own. */
export function loadRuntimeMetadata(file: string): RuntimeMetadata {
  const registry = new TypeRegistry();
  const metadata = new Metadata(registry, readFileSync(path.join(SHARED_DIR, 'chain/metadata', file)));
  const options = subtensorApiOptions();
  registry.setMetadata(metadata, undefined, options.signedExtensions, options.noInitWarn);
  return { registry, metadata, decorated: expandMetadata(registry, metadata) };
}

/** The storage item's declared value type, as a registry type name (`Lookup123`). */
export function storageValueType(registry: TypeRegistry, entry: StorageEntry): string {
  const type = entry.meta.type;
  return registry.createLookupType(type.isPlain ? type.asPlain : type.asMap.value);
}

/**
 * Decode a storage value from the bytes a node would return, the way @polkadot/rpc-core does for
 * `api.query.*` (`Option<T>` for optional items, the declared default for empty value-query items).
 */
export function decodeStorageValue(
  registry: TypeRegistry,
  entry: StorageEntry,
  bytes: Uint8Array | undefined,
): Codec {
  const type = storageValueType(registry, entry);
  const { modifier, fallback } = entry.meta;
  if (modifier.isOptional) {
    return registry.createTypeUnsafe(type, [bytes && registry.createTypeUnsafe(type, [bytes])], {
      isOptional: true,
    });
  }
  return registry.createTypeUnsafe(type, [bytes ?? fallback.toU8a(true)]);
}

/** One of the runtime's transaction extensions: its name, and the registry types of what it adds to the
 * extrinsic (`explicit`) and to the signed payload only (`implicit`, "additional signed"). */
export interface TransactionExtensionTypes {
  identifier: string;
  explicit: string;
  implicit: string;
}

/** The transaction extensions the runtime declares, in its order (metadata v15 and v16 name them differently). */
export function transactionExtensions(
  registry: TypeRegistry,
  metadata: Metadata,
): TransactionExtensionTypes[] {
  const lookup = (type: Parameters<TypeRegistry['createLookupType']>[0]) => registry.createLookupType(type);
  if (metadata.version === 15) {
    return metadata.asV15.extrinsic.signedExtensions.map((extension) => ({
      identifier: extension.identifier.toString(),
      explicit: lookup(extension.type),
      implicit: lookup(extension.additionalSigned),
    }));
  }
  return metadata.asV16.extrinsic.transactionExtensions.map((extension) => ({
    identifier: extension.identifier.toString(),
    explicit: lookup(extension.type),
    implicit: lookup(extension.implicit),
  }));
}
