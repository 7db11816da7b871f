#!/usr/bin/env node
// Runs a local subtensor chain until SIGINT/SIGTERM: `devnet --spec <chain-spec.json> [--port 9944] [--hotkey <ss58>]...`
// or `devnet --endpoint wss://... ` to fork a live network.
import { parseArgs } from 'node:util';

import { startDevnet } from '../lib/start-devnet.js';

const USAGE =
  'usage: devnet (--spec <raw chain spec .json> | --endpoint <ws(s)://node to fork>) [--port <n>] [--hotkey <ss58>]... [--fund <ss58>]...';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      spec: { type: 'string' },
      endpoint: { type: 'string' },
      port: { type: 'string' },
      hotkey: { type: 'string', multiple: true },
      fund: { type: 'string', multiple: true },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0..65535, got ${values.port}`);
  const source = values.spec
    ? { specPath: values.spec }
    : values.endpoint
      ? { endpoint: values.endpoint }
      : undefined;
  if (!source) throw new Error(`give --spec or --endpoint\n${USAGE}`);

  const devnet = await startDevnet({
    ...source,
    port,
    hotkeys: values.hotkey ?? [],
    fund: values.fund ?? [],
  });
  console.log(
    JSON.stringify({
      endpoint: devnet.endpoint,
      netuid: devnet.netuid,
      sudo: devnet.accounts.sudo.address,
      ownerColdkey: devnet.accounts.ownerColdkey.address,
      ownerHotkey: devnet.accounts.ownerHotkey.address,
      startupMs: Math.round(devnet.startupMs),
    }),
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`devnet: ${signal}, stopping`);
    devnet.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`devnet: stop failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`devnet: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
