import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { HttpProvider } from '@polkadot/api';

import { ChainCallError, RateLimitError, TransactionRejectedError } from './errors.js';
import { transactionPoolRejection } from './transaction-pool-rejection.js';

const SIGNER = '5HotkeyAddress';
const TODAY = { call: 'subtensorModule.setWeights', signer: SIGNER, specVersion: 343 };
const SPEC_218 = { ...TODAY, specVersion: 218 };

/**
 * The error @polkadot/api rejects with when a node answers `author_submitAndWatchExtrinsic` with this JSON-RPC
 * error: a one-request JSON-RPC server, read through polkadot-js's own provider and error coder (RpcError with
 * `code`, `data` and the message `<code>: <message>: <data>`). The HTTP provider appends the failed request to the
 * message, which the WebSocket provider @pixel/chain uses does not: that line is taken off again.
 */
async function rejectionFromNode(error: { code: number; message: string; data?: string }): Promise<unknown> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const { id } = JSON.parse(body) as { id: number };
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ jsonrpc: '2.0', id, error }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const provider = new HttpProvider(`http://127.0.0.1:${port}`);
    const rejection = await provider.send('author_submitAndWatchExtrinsic', ['0x00']).then(
      () => {
        throw new Error('the JSON-RPC server answered without an error');
      },
      (failure: { message: string }) => failure,
    );
    Object.defineProperty(rejection, 'message', {
      value: rejection.message.replace(/\nFailed HTTP Request: .*$/s, ''),
    });
    return rejection;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/** What a Substrate node sends for `Invalid(...)` (sc-rpc-api author/error.rs). */
const invalidTransaction = (data: string) =>
  rejectionFromNode({ code: 1010, message: 'Invalid Transaction', data });
/** What chopsticks (the devnet) sends: the validity error as JSON in the message. */
const chopsticksInvalid = (json: object) => rejectionFromNode({ code: 1010, message: JSON.stringify(json) });

describe('transactionPoolRejection', () => {
  it("names subtensor's custom refusals with what to do", async () => {
    const error = transactionPoolRejection(await invalidTransaction('Custom error: 1'), TODAY);
    expect(error).toBeInstanceOf(TransactionRejectedError);
    expect(error).toBeInstanceOf(ChainCallError);
    expect(error.code).toBe('pool.StakeAmountTooLow');
    expect(error.message).toBe(
      "subtensorModule.setWeights was refused by the node's transaction pool: StakeAmountTooLow (Invalid(Custom(1))): " +
        `${SIGNER} has less stake than the chain requires for this call (to set weights: the stake threshold for validators; ` +
        'to stake or unstake: at least 0.0005 TAO). Add stake to it (btcli stake add) and retry.',
    );
    const unregistered = transactionPoolRejection(await invalidTransaction('Custom error: 19'), TODAY);
    expect(unregistered).toMatchObject({ code: 'pool.UidNotFound' });
    expect(unregistered.message).toContain(`${SIGNER} has no uid on this subnet. Register it there first`);
  });

  it("reports subtensor's rate limit as a RateLimitError, which callers retry", async () => {
    const error = transactionPoolRejection(await invalidTransaction('Custom error: 6'), TODAY);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ code: 'pool.RateLimitExceeded', retryAtBlock: undefined });
    expect(error.message).toContain('RateLimitExceeded (Invalid(Custom(6))):');
    expect(error.message).toContain('Wait and retry.');
  });

  it("reads the runtime's own numbering: before spec 224 a setWeights without enough stake was Custom(3)", async () => {
    const chopsticks = await chopsticksInvalid({ invalid: { custom: 3 } });
    expect(transactionPoolRejection(chopsticks, SPEC_218)).toMatchObject({ code: 'pool.StakeAmountTooLow' });
    // Today 3 is SubnetNotExists.
    expect(transactionPoolRejection(chopsticks, TODAY)).toMatchObject({ code: 'pool.SubnetNotExists' });
    // An old number without a known meaning for that call is named by its number, not guessed.
    const unknown = transactionPoolRejection(chopsticks, { ...SPEC_218, call: 'commitments.setCommitment' });
    expect(unknown).toBeInstanceOf(TransactionRejectedError);
    expect(unknown).toMatchObject({ code: 'pool.Custom(3)' });
    expect(unknown.message).toContain(
      'Invalid(Custom(3)), a subtensor refusal this version of @pixel/chain cannot name for spec 218',
    );
  });

  it("names Substrate's own refusals, as a node and as chopsticks send them", async () => {
    const fromNode = transactionPoolRejection(
      await invalidTransaction('Inability to pay some fees (e.g. account balance too low)'),
      TODAY,
    );
    const fromChopsticks = transactionPoolRejection(
      await chopsticksInvalid({ invalid: { payment: null } }),
      TODAY,
    );
    for (const error of [fromNode, fromChopsticks]) {
      expect(error).toBeInstanceOf(TransactionRejectedError);
      expect(error.code).toBe('pool.Payment');
      expect(error.message).toBe(
        "subtensorModule.setWeights was refused by the node's transaction pool: Payment: " +
          `${SIGNER} cannot pay the transaction fee: its free balance is too low. Transfer a little TAO to it and retry.`,
      );
    }
    const badProof = transactionPoolRejection(
      await invalidTransaction('Transaction has a bad signature'),
      TODAY,
    );
    expect(badProof).toMatchObject({ code: 'pool.BadProof' });
    expect(badProof.message).toContain('cannot sign for the runtime (spec 343)');
    expect(
      transactionPoolRejection(await invalidTransaction('Transaction is outdated'), TODAY),
    ).toMatchObject({
      code: 'pool.Stale',
    });
    const banned = await rejectionFromNode({ code: 1012, message: 'Transaction is temporarily banned' });
    expect(transactionPoolRejection(banned, TODAY)).toMatchObject({ code: 'pool.TemporarilyBanned' });
  });

  it("keeps the node's words for anything else", async () => {
    const other = await rejectionFromNode({
      code: 1002,
      message: 'Verification Error: Runtime error',
      data: 'x',
    });
    const error = transactionPoolRejection(other, TODAY);
    expect(error).not.toBeInstanceOf(TransactionRejectedError);
    expect(error).toMatchObject({ code: 'invalid' });
    expect(error.message).toBe(
      'subtensorModule.setWeights was rejected by the node: 1002: Verification Error: Runtime error: x',
    );
  });
});
