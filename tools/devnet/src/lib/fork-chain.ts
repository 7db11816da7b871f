import { performance } from 'node:perf_hooks';

import type { ForkChainOptions, ForkedChain } from '../types.js';
import { DEFAULT_FUND_AMOUNT } from './fund-accounts.js';
import { probeUpstream } from './probe-upstream.js';
import { startLocalChain } from './start-local-chain.js';

const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;

/**
 * Fork the chain behind `endpoint` at its finalized head under chopsticks on 127.0.0.1: its current runtime runs
 * locally on its state (read from the upstream on demand), and what is sent to the fork never reaches the
 * upstream. Only the accounts in `fund` are changed (given `fundAmount`, so they can pay fees). An upstream that
 * does not answer within `connectTimeoutMs` is an error naming it.
 */
export async function forkChain(options: ForkChainOptions): Promise<ForkedChain> {
  const startedAt = performance.now();
  await probeUpstream(options.endpoint, options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
  const { api, chain } = await startLocalChain({ endpoint: options.endpoint }, options);
  try {
    const head = await api.rpc.chain.getHeader();
    const funded = [...(options.fund ?? [])];
    await chain.fund(funded, options.fundAmount ?? DEFAULT_FUND_AMOUNT);
    return {
      ...chain,
      upstream: options.endpoint,
      forkedAt: { number: head.number.toNumber(), hash: head.hash.toHex() },
      funded,
      startupMs: performance.now() - startedAt,
    };
  } catch (error) {
    await chain.stop();
    throw error;
  }
}
