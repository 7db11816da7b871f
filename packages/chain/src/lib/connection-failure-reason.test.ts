import { connectionFailureReason } from './connection-failure-reason.js';

const ENDPOINT = 'wss://node.example:443';

/** What ws hands polkadot-js' onerror: an event whose `error` is the socket's. */
const socketEvent = (error: object) => ({ type: 'error', message: 'ignored', error });

describe('connectionFailureReason', () => {
  it.each([
    ['ECONNREFUSED', 'connection refused (nothing listens there)'],
    ['ENOTFOUND', 'the host name node.example does not resolve (ENOTFOUND)'],
    [
      'EAI_AGAIN',
      'the host name node.example could not be looked up (EAI_AGAIN): check the name and the network',
    ],
    ['ECONNRESET', 'the connection was reset before the node answered (ECONNRESET)'],
    ['ETIMEDOUT', 'the connection timed out (ETIMEDOUT)'],
    ['EHOSTUNREACH', 'no route to node.example (EHOSTUNREACH): check the network'],
    ['ENETUNREACH', 'no route to node.example (ENETUNREACH): check the network'],
  ])('words %s', (code, reason) => {
    expect(connectionFailureReason(ENDPOINT, socketEvent({ code, message: `connect ${code}` }))).toBe(reason);
  });

  it("reads the code of the first address' error out of an AggregateError (dual-stack connect)", () => {
    const aggregate = { message: '', errors: [{ code: 'ECONNREFUSED' }, { code: 'ECONNREFUSED' }] };
    expect(connectionFailureReason(ENDPOINT, socketEvent(aggregate))).toBe(
      'connection refused (nothing listens there)',
    );
  });

  it("keeps the message of other errors (TLS, HTTP, the API's own), with the code when it adds one", () => {
    expect(
      connectionFailureReason(
        ENDPOINT,
        socketEvent({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' }),
      ),
    ).toBe('self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)');
    expect(connectionFailureReason(ENDPOINT, new Error('FATAL: Unable to initialize the API: x'))).toBe(
      'FATAL: Unable to initialize the API: x',
    );
  });

  it('says the node closed the connection when nothing else is known', () => {
    expect(connectionFailureReason(ENDPOINT, undefined)).toBe(
      'the node closed the connection before it was ready',
    );
  });
});
