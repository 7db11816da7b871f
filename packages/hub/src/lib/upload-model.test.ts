import { cp, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashDirectory } from '@pixel/constraints';
import {
  InvalidFolderError,
  InvalidTokenError,
  MissingTokenError,
  RepoAccessDeniedError,
  RepoIsPublicError,
  RepoNotFoundError,
  TransferFailedError,
} from '../errors.js';
import { MINER, RIVAL, rejectionOf, useHubFixture, writeTinyUnet } from '../test-support/hub-fixture.js';
import type { TransferProgress } from '../types/public.js';
import { downloadModel } from './download-model.js';
import { listRevisionFiles } from './list-revision-files.js';
import { setRepoVisibility } from './set-repo-visibility.js';
import { uploadModel } from './upload-model.js';

const fixture = useHubFixture();

describe('uploadModel', () => {
  it('creates the repo private, commits through LFS and round-trips to the same directory hash', async () => {
    const folder = join(fixture.work, 'unet');
    await writeTinyUnet(folder);
    const progress: TransferProgress[] = [];
    const upload = await uploadModel({
      repo: 'miner/round-trip',
      folder,
      accessToken: MINER.token,
      hubUrl: fixture.hub.url,
      onProgress: (event) => progress.push(event),
    });
    expect(upload.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(upload.createdRepo).toBe(true);

    // Private until the chain commitment: anonymous readers cannot see it.
    await expect(
      listRevisionFiles({ repo: 'miner/round-trip', hubUrl: fixture.hub.url }),
    ).rejects.toBeInstanceOf(RepoNotFoundError);

    const listing = await listRevisionFiles({
      repo: 'miner/round-trip',
      revision: upload.commit,
      accessToken: MINER.token,
      hubUrl: fixture.hub.url,
    });
    const weights = listing.files.find((file) => file.path === 'diffusion_pytorch_model.safetensors');
    expect(weights?.size).toBe(256 * 1024);
    expect(weights?.sha256).toMatch(/^[0-9a-f]{64}$/);

    const weightEvents = progress.filter((event) => event.path === 'diffusion_pytorch_model.safetensors');
    expect(weightEvents.some((event) => event.phase === 'hashing')).toBe(true);
    expect(weightEvents.filter((event) => event.phase === 'uploading').at(-1)).toEqual({
      phase: 'uploading',
      path: 'diffusion_pytorch_model.safetensors',
      bytes: 256 * 1024,
      totalBytes: 256 * 1024,
    });

    const cacheDir = join(fixture.work, 'cache');
    const download = await downloadModel({
      repo: 'miner/round-trip',
      revision: upload.commit,
      cacheDir,
      accessToken: MINER.token,
      hubUrl: fixture.hub.url,
    });
    expect(download.snapshotDir).toBe(
      join(cacheDir, 'models--miner--round-trip', 'snapshots', upload.commit),
    );
    for (const path of ['config.json', 'diffusion_pytorch_model.safetensors']) {
      const downloaded = await readFile(join(download.snapshotDir, path));
      expect(downloaded.equals(await readFile(join(folder, path)))).toBe(true);
    }
    // The snapshot also holds the .gitattributes of the repo's initial commit, as on the Hub: the chain hash is
    // the hash of what validators download, i.e. the uploaded folder plus that file.
    const expected = join(fixture.work, 'expected');
    await cp(folder, expected, { recursive: true });
    await cp(join(download.snapshotDir, '.gitattributes'), join(expected, '.gitattributes'));
    expect(download.hash).toBe(await hashDirectory(expected));
    expect(download.hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('commits again to an existing repo without recreating it', async () => {
    const folder = join(fixture.work, 'again');
    await writeTinyUnet(folder, 1024);
    const upload = () =>
      uploadModel({ repo: 'miner/again', folder, accessToken: MINER.token, hubUrl: fixture.hub.url });
    const first = await upload();
    await writeTinyUnet(folder, 2048);
    const second = await upload();
    expect(second.createdRepo).toBe(false);
    expect(second.commit).not.toBe(first.commit);
  });

  it('needs a valid token and never repeats it in errors', async () => {
    const folder = join(fixture.work, 'tokens');
    await writeTinyUnet(folder, 1024);
    const base = { repo: 'miner/tokens', folder, hubUrl: fixture.hub.url };
    await expect(uploadModel(base)).rejects.toBeInstanceOf(MissingTokenError);

    const unknown = 'hf_not_a_registered_token_42';
    const refused = await rejectionOf(uploadModel({ ...base, accessToken: unknown }));
    expect(refused).toBeInstanceOf(InvalidTokenError);
    expect(refused.message).toMatch(/HF_ACCESS_TOKEN/);

    const malformed = 'not_a_hugging_face_token';
    const rejected = await rejectionOf(uploadModel({ ...base, accessToken: malformed }));
    expect(rejected).toBeInstanceOf(InvalidTokenError);

    for (const [error, token] of [
      [refused, unknown],
      [rejected, malformed],
    ] as const) {
      expect(`${error.message} ${error.stack}`).not.toContain(token);
    }
  });

  it("refuses to write into another user's namespace or repo", async () => {
    const folder = join(fixture.work, 'intruder');
    await writeTinyUnet(folder, 1024);
    await uploadModel({
      repo: 'rival/public-model',
      folder,
      accessToken: RIVAL.token,
      hubUrl: fixture.hub.url,
    });
    const denied = uploadModel({
      repo: 'rival/public-model',
      folder,
      accessToken: MINER.token,
      hubUrl: fixture.hub.url,
    });
    await expect(denied).rejects.toBeInstanceOf(RepoAccessDeniedError);
    await expect(denied).rejects.toThrow(/your own namespace/);
  });

  it('retries an LFS upload whose connection drops, then gives up with a clear error', async () => {
    const folder = join(fixture.work, 'flaky');
    await writeTinyUnet(folder, 300_000);
    const base = {
      folder,
      accessToken: MINER.token,
      hubUrl: fixture.hub.url,
      retry: { attempts: 3, initialDelayMs: 1 },
    };
    const puts = () =>
      fixture.hub.requests.filter((request) => request.url.startsWith('/lfs-upload/')).length;

    fixture.hub.injectFault({ repo: 'miner/flaky', kind: 'cut-upload', afterBytes: 100_000, times: 2 });
    const before = puts();
    const { commit } = await uploadModel({ ...base, repo: 'miner/flaky' });
    expect(puts() - before).toBe(3);
    const listing = await listRevisionFiles({ repo: 'miner/flaky', revision: commit, ...base });
    expect(listing.files.map((file) => file.path)).toContain('diffusion_pytorch_model.safetensors');

    fixture.hub.injectFault({ repo: 'miner/flaky-forever', kind: 'cut-upload', afterBytes: 100_000 });
    const failed = await rejectionOf(uploadModel({ ...base, repo: 'miner/flaky-forever' }));
    fixture.hub.clearFaults();
    expect(failed).toBeInstanceOf(TransferFailedError);
    expect(failed.message).toMatch(/failed after 3 attempts.*run the upload again/);
  });

  it('says when the Hub cannot be reached', async () => {
    const folder = join(fixture.work, 'offline');
    await writeTinyUnet(folder, 1024);
    // Port 9 (discard) on loopback: nothing listens there, the connection is refused at once.
    const failed = await rejectionOf(
      uploadModel({ repo: 'miner/offline', folder, accessToken: MINER.token, hubUrl: 'http://127.0.0.1:9' }),
    );
    expect(failed).toBeInstanceOf(TransferFailedError);
    expect(failed.message).toMatch(/Cannot reach the Hub.*Check your network/);
    // A service did not answer: the CLI exits 3.
    expect((failed as TransferFailedError).exitCode).toBe(3);
  });

  it('refuses a missing or empty folder before talking to the Hub', async () => {
    const empty = join(fixture.work, 'empty');
    await mkdir(empty);
    const base = { repo: 'miner/empty', accessToken: MINER.token, hubUrl: fixture.hub.url };
    await expect(uploadModel({ ...base, folder: empty })).rejects.toBeInstanceOf(InvalidFolderError);
    await expect(uploadModel({ ...base, folder: join(fixture.work, 'nowhere') })).rejects.toThrow(
      /does not exist/,
    );
  });
});

describe('uploadModel with multipart LFS uploads', () => {
  const multipart = useHubFixture({ multipartChunkSize: 64 * 1024 });

  it('uploads large files in parts, with progress over the whole file, and they download intact', async () => {
    const folder = join(multipart.work, 'unet');
    await writeTinyUnet(folder, 300_000);
    const uploaded: number[] = [];
    const common = { repo: 'miner/parts', accessToken: MINER.token, hubUrl: multipart.hub.url };
    const { commit } = await uploadModel({
      ...common,
      folder,
      onProgress: (event) => {
        if (event.phase === 'uploading' && event.path.endsWith('.safetensors')) uploaded.push(event.bytes);
      },
    });
    const requests = multipart.hub.requests.map(
      (request) => `${request.method} ${request.url.split('?')[0]}`,
    );
    expect(requests.filter((request) => /^PUT \/lfs-upload\/.*\/part\/\d+$/.test(request))).toHaveLength(5);
    expect(requests.filter((request) => /^POST \/lfs-upload\/.*\/complete$/.test(request))).toHaveLength(1);
    expect(uploaded.at(-1)).toBe(300_000);
    expect(uploaded.some((bytes) => bytes > 0 && bytes < 300_000)).toBe(true);

    const { snapshotDir } = await downloadModel({
      ...common,
      revision: commit,
      cacheDir: join(multipart.work, 'cache'),
    });
    const weights = 'diffusion_pytorch_model.safetensors';
    expect((await readFile(join(snapshotDir, weights))).equals(await readFile(join(folder, weights)))).toBe(
      true,
    );
  });
});

describe('uploadModel into a public repo', () => {
  const published = useHubFixture();

  it('refuses: the new revision would be downloadable (and committable by anyone) before its chain commitment', async () => {
    const credentials = { accessToken: MINER.token, hubUrl: published.hub.url };
    const folder = join(published.work, 'unet');
    await writeTinyUnet(folder, 1024);
    const { commit: first } = await uploadModel({ ...credentials, repo: 'miner/published', folder });
    await setRepoVisibility({ ...credentials, repo: 'miner/published', visibility: 'public' });

    await writeTinyUnet(folder, 2048);
    const refused = await rejectionOf(uploadModel({ ...credentials, repo: 'miner/published', folder }));
    expect(refused).toBeInstanceOf(RepoIsPublicError);
    expect(refused.message).toMatch(/miner\/published is public.*before.*commitment/s);
    // Nothing reached the repo: anonymous readers still get the first revision.
    const anonymous = await listRevisionFiles({ repo: 'miner/published', hubUrl: published.hub.url });
    expect(anonymous.commit).toBe(first);

    const allowed = await uploadModel({
      ...credentials,
      repo: 'miner/published',
      folder,
      allowPublicRepo: true,
    });
    expect(allowed.commit).not.toBe(first);
  });
});
