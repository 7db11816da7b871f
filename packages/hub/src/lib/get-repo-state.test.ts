import { join } from 'node:path';
import { MINER, RIVAL, useHubFixture, writeTinyUnet } from '../test-support/hub-fixture.js';
import { getRepoState } from './get-repo-state.js';
import { setRepoVisibility } from './set-repo-visibility.js';
import { uploadModel } from './upload-model.js';

const fixture = useHubFixture();

describe('getRepoState', () => {
  it('tells a missing repo, a private one and a public one apart, with the head commit', async () => {
    const credentials = { accessToken: MINER.token, hubUrl: fixture.hub.url };
    await expect(getRepoState({ ...credentials, repo: 'miner/nothing-here' })).resolves.toBeUndefined();

    const folder = join(fixture.work, 'unet');
    await writeTinyUnet(folder, 1024);
    const { commit } = await uploadModel({ ...credentials, repo: 'miner/state', folder });
    await expect(getRepoState({ ...credentials, repo: 'miner/state' })).resolves.toEqual({
      private: true,
      head: commit,
    });
    // Another user cannot see a private repo: to them it does not exist, as on the Hub.
    await expect(
      getRepoState({ repo: 'miner/state', accessToken: RIVAL.token, hubUrl: fixture.hub.url }),
    ).resolves.toBeUndefined();

    await setRepoVisibility({ ...credentials, repo: 'miner/state', visibility: 'public' });
    await expect(getRepoState({ repo: 'miner/state', hubUrl: fixture.hub.url })).resolves.toEqual({
      private: false,
      head: commit,
    });
  });
});
