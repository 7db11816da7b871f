import { join } from 'node:path';
import { MissingTokenError, RepoAccessDeniedError, RepoNotFoundError } from '../errors.js';
import { MINER, RIVAL, openHubFixture, writeTinyUnet, type HubFixture } from '../test-support/hub-fixture.js';
import { listRevisionFiles } from './list-revision-files.js';
import { setRepoVisibility } from './set-repo-visibility.js';
import { uploadModel } from './upload-model.js';

let fixture: HubFixture;
beforeAll(async () => {
  fixture = await openHubFixture();
  const folder = join(fixture.work, 'unet');
  await writeTinyUnet(folder, 1024);
  await uploadModel({ repo: 'miner/toggle', folder, accessToken: MINER.token, hubUrl: fixture.hub.url });
});
afterAll(() => fixture.close());

const anonymousList = () => listRevisionFiles({ repo: 'miner/toggle', hubUrl: fixture.hub.url });

describe('setRepoVisibility', () => {
  it('publishes and hides the repo again', async () => {
    await expect(anonymousList()).rejects.toBeInstanceOf(RepoNotFoundError);
    await setRepoVisibility({
      repo: 'miner/toggle',
      visibility: 'public',
      accessToken: MINER.token,
      hubUrl: fixture.hub.url,
    });
    expect((await anonymousList()).files.map((file) => file.path)).toContain(
      'diffusion_pytorch_model.safetensors',
    );
    await setRepoVisibility({
      repo: 'miner/toggle',
      visibility: 'private',
      accessToken: MINER.token,
      hubUrl: fixture.hub.url,
    });
    await expect(anonymousList()).rejects.toBeInstanceOf(RepoNotFoundError);
  });

  it("cannot change another user's repo", async () => {
    const params = { repo: 'miner/toggle', hubUrl: fixture.hub.url } as const;
    // Private: the rival cannot even see it.
    await expect(
      setRepoVisibility({ ...params, visibility: 'public', accessToken: RIVAL.token }),
    ).rejects.toBeInstanceOf(RepoNotFoundError);
    await setRepoVisibility({ ...params, visibility: 'public', accessToken: MINER.token });
    await expect(
      setRepoVisibility({ ...params, visibility: 'private', accessToken: RIVAL.token }),
    ).rejects.toBeInstanceOf(RepoAccessDeniedError);
    await expect(setRepoVisibility({ ...params, visibility: 'private' })).rejects.toBeInstanceOf(
      MissingTokenError,
    );
  });
});
