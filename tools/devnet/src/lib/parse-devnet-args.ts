import { parseArgs } from 'node:util';

import type { StartDevnetOptions } from '../types.js';

export const DEVNET_USAGE =
  'usage: devnet (--spec <raw chain spec .json> | --endpoint <ws(s)://node to fork>) [--port <n>] [--hotkey <ss58>]... [--fund <ss58>]...';

/** The devnet CLI's arguments as start options, or `help` for --help; bad input throws with the usage. */
export function parseDevnetArgs(argv: readonly string[]): StartDevnetOptions | 'help' {
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
  const common = { port, hotkeys: values.hotkey ?? [], fund: values.fund ?? [] };
  if (values.spec) return { specPath: values.spec, ...common };
  if (values.endpoint) return { endpoint: values.endpoint, ...common };
  throw new Error(`give --spec or --endpoint\n${DEVNET_USAGE}`);
}
