/** Subnets per mechanism and mechanisms per subnet (subtensor pallets/subtensor/src/subnets/mechanism.rs). */
const GLOBAL_MAX_SUBNET_COUNT = 4096;
const MAX_MECHANISM_COUNT_PER_SUBNET = 16;

/**
 * The key of per-mechanism storage (`Incentive`, `LastUpdate`, `Weights`, `Bonds`): `NetUidStorageIndex` =
 * `mechanism * 4096 + netuid` in runtimes with subnet mechanisms, so mechanism 0 (the only one older runtimes
 * have, keyed by the netuid) reads the same key in every runtime.
 */
export function netuidStorageIndex(netuid: number, mechanism = 0): number {
  if (!Number.isInteger(netuid) || netuid < 0 || netuid >= GLOBAL_MAX_SUBNET_COUNT) {
    throw new RangeError(`netuid must be an integer from 0 to ${GLOBAL_MAX_SUBNET_COUNT - 1}, got ${netuid}`);
  }
  if (!Number.isInteger(mechanism) || mechanism < 0 || mechanism >= MAX_MECHANISM_COUNT_PER_SUBNET) {
    throw new RangeError(
      `mechanism must be an integer from 0 to ${MAX_MECHANISM_COUNT_PER_SUBNET - 1}, got ${mechanism}`,
    );
  }
  return mechanism * GLOBAL_MAX_SUBNET_COUNT + netuid;
}
