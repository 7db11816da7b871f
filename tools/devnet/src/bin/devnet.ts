#!/usr/bin/env node
// Runs a local subtensor chain until SIGINT/SIGTERM, then shuts it down and exits (see README).
import { DEVNET_USAGE, parseDevnetArgs } from '../lib/parse-devnet-args.js';
import { startDevnet } from '../lib/start-devnet.js';

async function main(): Promise<void> {
  const options = parseDevnetArgs(process.argv.slice(2));
  if (options === 'help') {
    console.log(DEVNET_USAGE);
    return;
  }
  const devnet = await startDevnet(options);
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
