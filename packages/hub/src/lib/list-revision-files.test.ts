import { join } from 'node:path';
import {
  InvalidRepoIdError,
  InvalidTokenError,
  RepoNotFoundError,
  RevisionNotFoundError,
} from '../errors.js';
import {
  MINER,
  RIVAL,
  openHubFixture,
  rejectionOf,
  writeFolder,
  type HubFixture,
} from '../test-support/hub-fixture.js';
import { listRevisionFiles } from './list-revision-files.js';
import { uploadModel } from './upload-model.js';

let fixture: HubFixture;
let commit: string;
beforeAll(async () => {
  fixture = await openHubFixture();
  const folder = join(fixture.work, 'model');
  await writeFolder(folder, { 'config.json': '{"a":1}', 'unet/diffusion_pytorch_model.safetensors': 3000 });
  ({ commit } = await uploadModel({
    repo: 'miner/listed',
    folder,
    accessToken: MINER.token,
    hubUrl: fixture.hub.url,
  }));
});
afterAll(() => fixture.close());

describe('listRevisionFiles', () => {
  it('lists every file with its size, the sha256 of LFS files, and resolves the branch to its commit', async () => {
    const listing = await listRevisionFiles({
      repo: 'miner/listed',
      accessToken: MINER.token,
      hubUrl: fixture.hub.url,
    });
    expect(listing.commit).toBe(commit);
    expect(listing.files.map((file) => [file.path, file.size, file.sha256 !== undefined])).toEqual([
      ['.gitattributes', expect.any(Number), false],
      ['config.json', 7, false],
      ['unet/diffusion_pytorch_model.safetensors', 3000, true],
    ]);
    expect(listing.totalBytes).toBe(listing.files.reduce((sum, file) => sum + file.size, 0));
  });

  it('names a missing revision', async () => {
    const missing = 'f'.repeat(40);
    const listed = listRevisionFiles({
      repo: 'miner/listed',
      revision: missing,
      accessToken: MINER.token,
      hubUrl: fixture.hub.url,
    });
    await expect(listed).rejects.toBeInstanceOf(RevisionNotFoundError);
    await expect(listed).rejects.toThrow(`Revision "${missing}" not found in miner/listed`);
  });

  it("treats a missing repo and another user's private repo alike, and says so", async () => {
    const missing = listRevisionFiles({
      repo: 'miner/nothing',
      accessToken: MINER.token,
      hubUrl: fixture.hub.url,
    });
    await expect(missing).rejects.toBeInstanceOf(RepoNotFoundError);
    const hidden = listRevisionFiles({
      repo: 'miner/listed',
      accessToken: RIVAL.token,
      hubUrl: fixture.hub.url,
    });
    await expect(hidden).rejects.toBeInstanceOf(RepoNotFoundError);
    await expect(hidden).rejects.toThrow(/private and your token's user has no access/);
    const anonymous = listRevisionFiles({ repo: 'miner/listed', hubUrl: fixture.hub.url });
    await expect(anonymous).rejects.toThrow(/set HF_ACCESS_TOKEN/);
  });

  it('refuses an unknown token without repeating it', async () => {
    const token = 'hf_unknown_reader_token_77';
    const refused = await rejectionOf(
      listRevisionFiles({ repo: 'miner/listed', accessToken: token, hubUrl: fixture.hub.url }),
    );
    expect(refused).toBeInstanceOf(InvalidTokenError);
    expect(`${refused.message} ${refused.stack}`).not.toContain(token);
  });

  it('refuses malformed repo ids before any request', async () => {
    for (const repo of ['no-slash', 'a/b/c', 'a/../b', 'ns/bad--name', '/name']) {
      await expect(listRevisionFiles({ repo, hubUrl: fixture.hub.url })).rejects.toBeInstanceOf(
        InvalidRepoIdError,
      );
    }
  });
});
