#!/usr/bin/env node
// Runs a local subtensor chain (offline from a chain spec, or a fork of a live one) until SIGINT/SIGTERM, then
// shuts it down and exits (see README).
import { forkChain } from '../lib/fork-chain.js';
import { DEVNET_USAGE, parseDevnetArgs } from '../lib/parse-devnet-args.js';
import { startDevnet } from '../lib/start-devnet.js';
import type { ForkChainOptions, LocalChain, StartDevnetOptions } from '../types.js';

/** Start the chain the options ask for; `summary` is the JSON line for scripts, `note` the line for people. */
async function start(
  options: StartDevnetOptions | ForkChainOptions,
): Promise<{ chain: LocalChain; summary: object; note: string }> {
  if ('endpoint' in options) {
    const fork = await forkChain(options);
    const { endpoint, upstream, forkedAt, funded } = fork;
    return {
      chain: fork,
      summary: { endpoint, upstream, forkedAt, funded, startupMs: Math.round(fork.startupMs) },
      note:
        `devnet: a fork of ${upstream} at block #${forkedAt.number}, serving ${endpoint}; nothing sent to it ` +
        `reaches ${upstream}. Point a client at it, e.g. pixel-upload ... --subtensor.chain_endpoint ${endpoint}`,
    };
  }
  const devnet = await startDevnet(options);
  return {
    chain: devnet,
    summary: {
      endpoint: devnet.endpoint,
      netuid: devnet.netuid,
      sudo: devnet.accounts.sudo.address,
      ownerColdkey: devnet.accounts.ownerColdkey.address,
      ownerHotkey: devnet.accounts.ownerHotkey.address,
      startupMs: Math.round(devnet.startupMs),
    },
    note: `devnet: subnet ${devnet.netuid} on ${devnet.endpoint}`,
  };
}

async function main(): Promise<void> {
  const options = parseDevnetArgs(process.argv.slice(2));
  if (options === 'help') {
    console.log(DEVNET_USAGE);
    return;
  }
  const { chain, summary, note } = await start(options);
  console.log(JSON.stringify(summary));
  console.error(note);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`devnet: ${signal}, stopping`);
    chain.stop().then(
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
  const message = error instanceof Error ? error.message : String(error);
  console.error(message.startsWith('devnet: ') ? message : `devnet: ${message}`);
  process.exit(1);
});
