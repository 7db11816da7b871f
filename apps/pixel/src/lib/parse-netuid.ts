import { UsageError } from '@pixel/constraints';

/** Subnet uids are the chain's u16. */
const MAX_NETUID = 65_535;

/**
 * The subnet uid `--netuid` names (a number or its text, as yargs hands it over), checked before anything
 * reaches the chain, which would refuse it with a raw codec error: a whole number from 0 to 65535.
 */
export function parseNetuid(value: unknown): number {
  const text = typeof value === 'string' ? value.trim() : String(value);
  const netuid = /^\d+$/.test(text) ? Number(text) : NaN;
  if (value === true || value === '')
    throw new UsageError('--netuid needs a value: a subnet number, e.g. 17.');
  if (!Number.isSafeInteger(netuid))
    throw new UsageError(`--netuid must be a subnet number (0 or more), got ${text}.`);
  if (netuid > MAX_NETUID)
    throw new UsageError(`--netuid must be a subnet number (at most ${MAX_NETUID}), got ${text}.`);
  return netuid;
}
