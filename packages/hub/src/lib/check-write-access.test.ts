import {
  InvalidTokenError,
  MissingTokenError,
  NamespaceAccessDeniedError,
  TransferFailedError,
} from '../errors.js';
import { MINER, MINER_READER, rejectionOf, useHubFixture } from '../test-support/hub-fixture.js';
import { checkWriteAccess } from './check-write-access.js';

const fixture = useHubFixture();

describe('checkWriteAccess', () => {
  it("answers the token's user when the token may create and write repos in the namespace", async () => {
    await expect(
      checkWriteAccess({ namespace: 'miner', accessToken: MINER.token, hubUrl: fixture.hub.url }),
    ).resolves.toEqual({ user: 'miner', role: 'write' });
  });

  it('refuses a token without the hf_ prefix and one the Hub does not know, never repeating them', async () => {
    for (const token of ['not_a_hugging_face_token', 'hf_not_a_registered_token_42']) {
      const error = await rejectionOf(
        checkWriteAccess({ namespace: 'miner', accessToken: token, hubUrl: fixture.hub.url }),
      );
      expect(error).toBeInstanceOf(InvalidTokenError);
      expect(`${error.message} ${error.stack}`).not.toContain(token);
    }
    await expect(checkWriteAccess({ namespace: 'miner', hubUrl: fixture.hub.url })).rejects.toBeInstanceOf(
      MissingTokenError,
    );
  });

  it("refuses another user's namespace, naming whose token it is", async () => {
    const error = await rejectionOf(
      checkWriteAccess({ namespace: 'rival', accessToken: MINER.token, hubUrl: fixture.hub.url }),
    );
    expect(error).toBeInstanceOf(NamespaceAccessDeniedError);
    expect(error.message).toMatch(/belongs to "miner".*"rival"/);
  });

  it('refuses a read token', async () => {
    const error = await rejectionOf(
      checkWriteAccess({ namespace: 'miner', accessToken: MINER_READER.token, hubUrl: fixture.hub.url }),
    );
    expect(error).toBeInstanceOf(NamespaceAccessDeniedError);
    expect(error.message).toMatch(/read token/);
  });

  it('says when the Hub cannot be reached (exit code 3: a service did not answer)', async () => {
    const error = await rejectionOf(
      checkWriteAccess({ namespace: 'miner', accessToken: MINER.token, hubUrl: 'http://127.0.0.1:9' }),
    );
    expect(error).toBeInstanceOf(TransferFailedError);
    expect((error as TransferFailedError).exitCode).toBe(3);
  });
});
