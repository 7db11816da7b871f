/**
 * `CommitmentInfo { fields: [Data::Raw<N>(bytes)] }` in the form polkadot-js encodes from metadata (SCALE: one field,
 * tag N + 1, then the bytes): what the Bittensor SDK commits and validators read. N is at most 128 in every runtime.
 */
export function rawCommitmentInfo(bytes: Uint8Array): { fields: Array<Record<string, Uint8Array>> } {
  return { fields: [{ [`Raw${bytes.length}`]: bytes }] };
}
