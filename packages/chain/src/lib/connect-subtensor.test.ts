// Connecting to endpoints that are not a working node: each must fail at once with one UnavailableError
// that says why, long before the connect timeout (set far beyond the test timeout here, so waiting for it
// fails the test), and leave nothing behind that rejects or reconnects later.
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';

import { UnavailableError, UsageError } from '@pixel/constraints';

import { connectSubtensor } from './connect-subtensor.js';

const NEVER_MS = 10 * 60_000;

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  return address.port;
}

/** A port that nothing listens on: bound, then released. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function connectError(endpoint: string): Promise<unknown> {
  return connectSubtensor({ endpoint, connectTimeoutMs: NEVER_MS }).then(
    async (subtensor) => {
      await subtensor.disconnect();
      throw new Error(`connected to ${endpoint}`);
    },
    (error: unknown) => error,
  );
}

describe('connectSubtensor to an endpoint that is not a working node', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(() => process.on('unhandledRejection', onUnhandled));
  afterAll(() => process.off('unhandledRejection', onUnhandled));
  afterEach(async () => {
    // Give a stray rejection (polkadot-js' own promises) the turns it needs to surface.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled).toEqual([]);
  });

  it('says the connection was refused when nothing listens on the port', async () => {
    const endpoint = `ws://127.0.0.1:${await refusedPort()}`;
    const error = await connectError(endpoint);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).exitCode).toBe(3);
    expect((error as Error).message).toBe(
      `Cannot reach the chain at ${endpoint}: connection refused (nothing listens there). Check that the ` +
        'node is up and reachable from here, or choose another one with --subtensor.network / --subtensor.chain_endpoint.',
    );
  });

  it('says the host name does not resolve', async () => {
    const endpoint = 'ws://pixel-no-such-host.invalid:9944';
    const error = await connectError(endpoint);
    expect(error).toBeInstanceOf(UnavailableError);
    // ENOTFOUND where DNS answers; EAI_AGAIN where no DNS server can be reached (offline).
    expect((error as Error).message).toMatch(
      /^Cannot reach the chain at ws:\/\/pixel-no-such-host\.invalid:9944: the host name pixel-no-such-host\.invalid (does not resolve \(ENOTFOUND\)|could not be looked up \(EAI_AGAIN\): check the name and the network)\. /,
    );
  });

  it('names what answered when the endpoint is not a WebSocket server', async () => {
    const server = createHttpServer((_request, response) => response.writeHead(404).end('not here'));
    const port = await listen(server);
    try {
      const error = await connectError(`ws://127.0.0.1:${port}`);
      expect(error).toBeInstanceOf(UnavailableError);
      expect((error as Error).message).toContain(
        `Cannot reach the chain at ws://127.0.0.1:${port}: Unexpected server response: 404.`,
      );
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('says so when the server closes the connection', async () => {
    const server = createServer((socket) => socket.destroy());
    const port = await listen(server);
    try {
      const error = await connectError(`ws://127.0.0.1:${port}`);
      expect(error).toBeInstanceOf(UnavailableError);
      expect((error as Error).message).toContain(
        `Cannot reach the chain at ws://127.0.0.1:${port}: the connection was reset before the node answered (ECONNRESET).`,
      );
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('refuses an endpoint that is not a ws(s):// URL as a usage error', async () => {
    const error = await connectError('http://127.0.0.1:9944');
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(
      'Subtensor endpoint must be a ws:// or wss:// URL, got "http://127.0.0.1:9944"',
    );
  });
});
