import type { Options } from 'yargs';
import { ALLOW_UNRECOGNISED_SUBNET_OPTION } from './allow-unrecognised-subnet-option.js';
import { lastValue } from './last-value.js';
import { NETUID_OPTION } from './netuid-option.js';

/**
 * The yargs options of commands that read committed models from the chain (no wallet: they sign nothing):
 * `--subtensor.network`, `--subtensor.chain_endpoint`, `--netuid` and `--allow-unrecognised-subnet`. Declare them
 * with the parser's `dot-notation` off, so the values stay under their dotted names for `withSubtensor`.
 */
export function chainOptions(): Record<string, Options> {
  return {
    'subtensor.network': {
      coerce: lastValue,
      type: 'string',
      describe: 'finney, test, local or a ws(s):// URL.',
    },
    'subtensor.chain_endpoint': {
      coerce: lastValue,
      type: 'string',
      describe: 'ws(s):// endpoint of a subtensor node.',
    },
    netuid: NETUID_OPTION,
    'allow-unrecognised-subnet': ALLOW_UNRECOGNISED_SUBNET_OPTION,
  };
}
