import { SUBNET_UID } from '@pixel/constraints';
import type { Options } from 'yargs';
import { lastValue } from './last-value.js';
import { parseNetuid } from './parse-netuid.js';

/**
 * `--netuid`, checked while the command line is parsed (a UsageError, exit code 2, before anything
 * connects). Untyped, so a value that is not a number reaches the check as typed and is quoted back.
 */
export const NETUID_OPTION = {
  coerce: (value: unknown) => parseNetuid(lastValue(value)),
  default: SUBNET_UID,
  describe: 'Subnet uid (0 to 65535).',
} as const satisfies Options;
