import { ModelId } from '@pixel/constraints';
import type { Codec } from '@polkadot/types/types';

import type { ModelMetadata } from '../types/public.js';

/** The JSON polkadot-js gives a decoded `pallet_commitments::Registration` (`{ deposit, block, info }`). */
interface RegistrationJson {
  block?: number;
  info?: { fields?: Array<Record<string, unknown> | string> };
}

export type DecodedCommitment = { ok: true; metadata: ModelMetadata } | { ok: false; reason: string };

function hexToBytes(value: unknown): Uint8Array | undefined {
  if (typeof value !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(value)) return undefined;
  return Uint8Array.from(Buffer.from(value.slice(2), 'hex'));
}

/**
 * A commitment (`Commitments.CommitmentOf(netuid, hotkey)` as read, unwrapped) read the way validators read it:
 * the first field must be `RawN` bytes holding a UTF-8 ModelId compressed string. Anything else (other variants,
 * invalid UTF-8, too few `:` fields) is reported as a reason instead of thrown, since any miner can commit anything.
 */
export function decodeCommitment(registration: Codec): DecodedCommitment {
  const json = (registration.toJSON() ?? {}) as RegistrationJson;
  const fields = json.info?.fields ?? [];
  const [first] = fields;
  if (first === undefined) return { ok: false, reason: 'the commitment has no fields' };
  const [variant, value] =
    typeof first === 'string' ? [first, undefined] : (Object.entries(first)[0] ?? ['?', undefined]);
  if (!/^raw\d+$/i.test(variant))
    return { ok: false, reason: `its first field is ${variant}, not Raw bytes` };
  const bytes = hexToBytes(value);
  if (!bytes) return { ok: false, reason: `its ${variant} field holds no bytes` };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: `its ${variant} field is not valid UTF-8` };
  }
  let modelId: ModelId;
  try {
    modelId = ModelId.fromCompressedString(text);
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  return { ok: true, metadata: { modelId, block: Number(json.block ?? 0) } };
}
