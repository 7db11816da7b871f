import { parseArgs } from 'node:util';

import { isAddress } from '@polkadot/util-crypto';

import type { ForkChainOptions, StartDevnetOptions } from '../types.js';

export const DEVNET_USAGE = [
  'usage: devnet --spec <raw chain spec .json> [--port <n>] [--hotkey <ss58>]... [--fund <ss58>]...',
  '       devnet --endpoint <ws(s):// URL of a node to fork> [--port <n>] [--fund <ss58>]...',
].join('\n');

/** The flag's values, each checked to be an ss58 address (a wallet name given by mistake fails here, not mid-start). */
function addresses(flag: string, values: readonly string[] | undefined): string[] {
  const wrong = values?.find((value) => !isAddress(value));
  if (wrong !== undefined) {
    throw new Error(`--${flag} needs an ss58 address (e.g. a hotkey file's ss58Address), got '${wrong}'`);
  }
  return [...(values ?? [])];
}

/**
 * The devnet CLI's arguments: start options of the offline devnet (--spec) or of a fork (--endpoint), or `help`
 * for --help; bad input throws with the usage.
 */
export function parseDevnetArgs(argv: readonly string[]): StartDevnetOptions | ForkChainOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        spec: { type: 'string' },
        endpoint: { type: 'string' },
        port: { type: 'string' },
        hotkey: { type: 'string', multiple: true },
        fund: { type: 'string', multiple: true },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${DEVNET_USAGE}`);
  }
  if (values.help) return 'help';
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be 0..65535, got ${values.port}`);
  }
  if (values.spec && values.endpoint) throw new Error(`give --spec or --endpoint, not both\n${DEVNET_USAGE}`);
  const common = { port, fund: addresses('fund', values.fund) };
  if (values.spec) return { specPath: values.spec, hotkeys: addresses('hotkey', values.hotkey), ...common };
  if (values.endpoint) {
    if (values.hotkey) {
      throw new Error(
        '--hotkey registers hotkeys on the subnet the offline devnet creates; a fork creates none. ' +
          'To rehearse a registration, fund the coldkey with --fund and register with btcli against the fork.',
      );
    }
    return { endpoint: values.endpoint, ...common };
  }
  throw new Error(`give --spec or --endpoint\n${DEVNET_USAGE}`);
}
