import { UsageError } from '@pixel/constraints';

import type { ChainCliConfig } from '../types/public.js';
import { NETWORK_ENDPOINTS } from './network-endpoints.js';

const FLAGS = [
  'subtensor.network',
  'subtensor.chain_endpoint',
  'wallet.name',
  'wallet.hotkey',
  'wallet.path',
] as const;
type Flag = (typeof FLAGS)[number];

function parseFlags(argv: readonly string[]): Partial<Record<Flag, string>> {
  const values: Partial<Record<Flag, string>> = {};
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    const match = /^--(subtensor\.[a-z_]+|wallet\.[a-z_]+)(?:=(.*))?$/.exec(arg);
    if (!match) continue;
    const [, name = '', inline] = match;
    if (!(FLAGS as readonly string[]).includes(name)) {
      throw new UsageError(`Unknown option --${name}; known: ${FLAGS.map((flag) => `--${flag}`).join(', ')}`);
    }
    const value = inline ?? argv[++index];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
    values[name as Flag] = value;
  }
  return values;
}

/**
 * Resolve `--subtensor.network`, `--subtensor.chain_endpoint`, `--wallet.name|hotkey|path` (from `argv`)
 * with the SDK's environment variables (`BT_SUBTENSOR_NETWORK`, `BT_SUBTENSOR_CHAIN_ENDPOINT`,
 * `BT_WALLET_NAME|HOTKEY|PATH`) and defaults (finney; wallet `default`/`default` in ~/.bittensor/wallets/).
 * Flags win over variables; an explicit endpoint wins over the network name. Other arguments are ignored.
 * A value that names nothing usable is a UsageError (exit code 2) saying what to pass.
 */
export function resolveChainCliConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ChainCliConfig {
  const flags = parseFlags(argv);
  const network = flags['subtensor.network'] ?? env.BT_SUBTENSOR_NETWORK ?? 'finney';
  const explicitEndpoint = flags['subtensor.chain_endpoint'] ?? env.BT_SUBTENSOR_CHAIN_ENDPOINT;

  let endpoint: string;
  let networkName = network;
  if (/^wss?:\/\//.test(network)) {
    // The SDK accepts a URL as the network: a custom endpoint.
    endpoint = network;
    networkName = /127\.0\.0\.1|localhost/.test(network) ? 'local' : 'custom';
  } else if (explicitEndpoint) {
    endpoint = explicitEndpoint;
    if (!flags['subtensor.network'] && !env.BT_SUBTENSOR_NETWORK) {
      networkName = /127\.0\.0\.1|localhost/.test(explicitEndpoint) ? 'local' : 'custom';
    }
  } else {
    const known = NETWORK_ENDPOINTS[network];
    if (!known) {
      throw new UsageError(
        `Unknown --subtensor.network "${network}": use one of ${Object.keys(NETWORK_ENDPOINTS).join(', ')}, a ws(s):// URL, or --subtensor.chain_endpoint`,
      );
    }
    endpoint = known;
  }
  if (!/^wss?:\/\//.test(endpoint))
    throw new UsageError(`--subtensor.chain_endpoint must be a ws:// or wss:// URL, got "${endpoint}"`);

  return {
    network: networkName,
    endpoint,
    wallet: {
      path: flags['wallet.path'] ?? env.BT_WALLET_PATH ?? '~/.bittensor/wallets/',
      name: flags['wallet.name'] ?? env.BT_WALLET_NAME ?? 'default',
      hotkey: flags['wallet.hotkey'] ?? env.BT_WALLET_HOTKEY ?? 'default',
    },
  };
}
