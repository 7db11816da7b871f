import type { Options } from 'yargs';

/**
 * `--allow-unrecognised-subnet`: go on with a subnet that does not look like a pixel competition (see
 * `checkSubnetIsPixel` of @pixel/miner), for the operators of a new pixel subnet whose identity is not set yet.
 */
export const ALLOW_UNRECOGNISED_SUBNET_OPTION = {
  type: 'boolean',
  describe:
    'Go on with a subnet whose identity or commitments say it is not a pixel competition (a new pixel subnet whose identity is not set yet); without it, uploads to such a subnet are refused and reads warned about.',
} as const satisfies Options;
