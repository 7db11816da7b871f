import { closedPort } from '../test-support/closed-port.js';
import { silentServer } from '../test-support/silent-server.js';
import { probeUpstream } from './probe-upstream.js';

describe('probeUpstream', () => {
  it('refuses an endpoint that is not a ws:// or wss:// URL, naming the finney one', async () => {
    await expect(probeUpstream('finney', 5_000)).rejects.toThrow(
      "devnet: the endpoint to fork must be the ws:// or wss:// URL of a node, got 'finney' (finney: wss://entrypoint-finney.opentensor.ai:443)",
    );
  });

  it('names an upstream that refuses the connection and what to check', async () => {
    const endpoint = `ws://127.0.0.1:${await closedPort()}`;
    await expect(probeUpstream(endpoint, 5_000)).rejects.toThrow(
      new RegExp(
        `^devnet: cannot reach ${endpoint} to fork it \\(.*ECONNREFUSED.*\\)\\. Check the address, and that this ` +
          'machine can reach that node: forking finney needs network access to a finney node',
      ),
    );
  });

  it('gives up on an upstream that accepts the connection but never answers', async () => {
    const silent = await silentServer();
    try {
      await expect(probeUpstream(silent.url, 1_000)).rejects.toThrow(
        `devnet: cannot reach ${silent.url} to fork it (no answer within 1 s)`,
      );
    } finally {
      await silent.close();
    }
  });
});
