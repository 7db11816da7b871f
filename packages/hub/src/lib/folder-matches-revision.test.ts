import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MINER, useHubFixture, writeTinyUnet } from '../test-support/hub-fixture.js';
import { folderMatchesRevision } from './folder-matches-revision.js';
import { uploadModel } from './upload-model.js';

const fixture = useHubFixture();

describe('folderMatchesRevision', () => {
  it("is true for the folder a revision was uploaded from (the Hub's .gitattributes aside), false after any change", async () => {
    const credentials = { accessToken: MINER.token, hubUrl: fixture.hub.url };
    const folder = join(fixture.work, 'unet');
    await writeTinyUnet(folder, 64 * 1024);
    const { commit } = await uploadModel({ ...credentials, repo: 'miner/match', folder });
    const matches = (revision: string) =>
      folderMatchesRevision({ ...credentials, repo: 'miner/match', revision, folder });

    expect(await matches(commit)).toBe(true);
    expect(await matches('main')).toBe(true);

    // Same sizes, other bytes: the small file (git blob id) and the LFS file (sha256) are both compared.
    await writeFile(join(folder, 'config.json'), '{"_class_name":"UNet2DConditionModel","sample_size":129}');
    expect(await matches(commit)).toBe(false);
    await writeTinyUnet(folder, 64 * 1024);
    expect(await matches(commit)).toBe(false);
    await writeFile(join(folder, 'extra.txt'), 'more');
    expect(await matches(commit)).toBe(false);
    await expect(
      folderMatchesRevision({ ...credentials, repo: 'miner/match', revision: '0'.repeat(40), folder }),
    ).resolves.toBe(false);
  });
});
