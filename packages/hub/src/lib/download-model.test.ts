import { lstat, mkdir, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_REPO_BYTES } from '@pixel/constraints';
import { FileSystemError } from '@pixel/files';
import {
  ChecksumMismatchError,
  DiskFullError,
  PixelHubError,
  RepoNotFoundError,
  RepoTooLargeError,
  RevisionNotFoundError,
  TransferFailedError,
} from '../errors.js';
import { MINER, RIVAL, rejectionOf, useHubFixture, writeTinyUnet } from '../test-support/hub-fixture.js';
import { downloadModel } from './download-model.js';
import { listRevisionFiles } from './list-revision-files.js';
import { uploadModel } from './upload-model.js';

const WEIGHTS = 'diffusion_pytorch_model.safetensors';
const WEIGHT_BYTES = 512 * 1024;

const fixture = useHubFixture();
let folder: string;
let commit: string;
let weightsSha256: string;
let cacheCount = 0;

beforeAll(async () => {
  folder = join(fixture.work, 'unet');
  await writeTinyUnet(folder, WEIGHT_BYTES);
  ({ commit } = await uploadModel({
    repo: 'miner/model',
    folder,
    accessToken: MINER.token,
    hubUrl: fixture.hub.url,
  }));
  const listing = await listRevisionFiles({
    repo: 'miner/model',
    accessToken: MINER.token,
    hubUrl: fixture.hub.url,
  });
  weightsSha256 = listing.files.find((file) => file.path === WEIGHTS)!.sha256!;
});
afterEach(() => fixture.hub.clearFaults());

/** Download parameters into a fresh cache; retries are immediate so tests never wait on back-off. */
function freshDownload(retry = { attempts: 3, initialDelayMs: 1 }) {
  cacheCount += 1;
  const cacheDir = join(fixture.work, `cache-${cacheCount}`);
  return {
    cacheDir,
    snapshotDir: join(cacheDir, 'models--miner--model', 'snapshots', commit),
    partial: join(cacheDir, 'models--miner--model', 'blobs', `${weightsSha256}.incomplete`),
    params: {
      repo: 'miner/model',
      revision: commit,
      cacheDir,
      accessToken: MINER.token,
      hubUrl: fixture.hub.url,
      retry,
    },
  };
}

const resolveRequests = () => fixture.hub.requests.filter((request) => request.url.includes('/resolve/'));

describe('downloadModel', () => {
  it("applies the competition's 6 GiB limit by default", async () => {
    // The limit itself is exercised below with a smaller competition-sized revision; here: it is the m6 one.
    expect(MAX_REPO_BYTES).toBe(6 * 1024 ** 3);
    const { params } = freshDownload();
    await expect(downloadModel({ ...params, competitionId: 'nope' })).rejects.toThrow(
      /Unknown competition id "nope"/,
    );
  });

  it('refuses a revision over the size limit before fetching any file, giving both numbers', async () => {
    const { params } = freshDownload();
    const before = resolveRequests().length;
    const listing = await listRevisionFiles(params);
    const refused = await rejectionOf(downloadModel({ ...params, maxRepoBytes: listing.totalBytes - 1 }));
    expect(refused).toBeInstanceOf(RepoTooLargeError);
    expect(refused.message).toContain(`${listing.totalBytes} bytes`);
    expect(refused.message).toContain(`${listing.totalBytes - 1} bytes`);
    expect(resolveRequests().length).toBe(before);
  });

  it('retries a dropped connection with a Range request and completes', async () => {
    fixture.hub.injectFault({
      repo: 'miner/model',
      path: WEIGHTS,
      kind: 'cut',
      afterBytes: 100_000,
      times: 2,
    });
    const { params, snapshotDir } = freshDownload();
    const before = fixture.hub.requests.length;
    const result = await downloadModel(params);
    const ranges = fixture.hub.requests
      .slice(before)
      .filter((request) => request.url.endsWith(WEIGHTS) && request.range !== 'bytes=0-0')
      .map((request) => request.range);
    expect(ranges[0]).toBe('bytes=0-');
    expect(ranges.slice(1).every((range) => range !== 'bytes=0-')).toBe(true);
    expect(ranges).toHaveLength(3);
    expect((await readFile(join(snapshotDir, WEIGHTS))).equals(await readFile(join(folder, WEIGHTS)))).toBe(
      true,
    );
    expect(result.hash).toMatch(/=$/);
  });

  it('gives up with a clear error after the retries, keeps the partial outside the snapshot, and resumes later', async () => {
    fixture.hub.injectFault({
      repo: 'miner/model',
      path: WEIGHTS,
      kind: 'cut',
      afterBytes: 200_000,
      times: 2,
    });
    const { params, snapshotDir, partial } = freshDownload({ attempts: 2, initialDelayMs: 1 });
    const failed = await rejectionOf(downloadModel(params));
    expect(failed).toBeInstanceOf(TransferFailedError);
    expect(failed.message).toMatch(/failed after 2 attempts/);
    expect(failed.message).toMatch(/run the download again to resume/);
    const kept = (await stat(partial)).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(WEIGHT_BYTES);
    // Nothing half-written in the snapshot: the weights are absent, not short.
    await expect(stat(join(snapshotDir, WEIGHTS))).rejects.toThrow(/ENOENT/);

    const before = fixture.hub.requests.length;
    const resumed = await downloadModel(params);
    const ranges = fixture.hub.requests
      .slice(before)
      .filter((request) => request.url.endsWith(WEIGHTS) && request.range !== 'bytes=0-0');
    expect(ranges.map((request) => request.range)).toEqual([`bytes=${kept}-`]);
    expect((await readFile(join(snapshotDir, WEIGHTS))).equals(await readFile(join(folder, WEIGHTS)))).toBe(
      true,
    );
    await expect(stat(partial)).rejects.toThrow(/ENOENT/);
    expect(resumed.commit).toBe(commit);
  });

  it('detects a sha256 mismatch and leaves nothing behind', async () => {
    fixture.hub.injectFault({ repo: 'miner/model', path: WEIGHTS, kind: 'corrupt', times: 1 });
    const { params, snapshotDir, partial } = freshDownload();
    const failed = await rejectionOf(downloadModel(params));
    expect(failed).toBeInstanceOf(ChecksumMismatchError);
    expect(failed.message).toContain(weightsSha256);
    await expect(stat(join(snapshotDir, WEIGHTS))).rejects.toThrow(/ENOENT/);
    await expect(stat(partial)).rejects.toThrow(/ENOENT/);
  });

  it('reports a full disk as such', async () => {
    // /dev/full fails every write with ENOSPC: a real "no space left on device" from the kernel.
    const { params, partial } = freshDownload();
    await mkdir(join(partial, '..'), { recursive: true });
    await symlink('/dev/full', partial);
    const failed = await rejectionOf(downloadModel(params));
    expect(failed).toBeInstanceOf(DiskFullError);
    expect(failed.message).toMatch(/No space left on the device.*Free disk space/);
  });

  it('records the commit a branch name pointed to in refs/<branch>', async () => {
    const { params, cacheDir } = freshDownload();
    const result = await downloadModel({ ...params, revision: 'main' });
    expect(await readFile(join(cacheDir, 'models--miner--model', 'refs', 'main'), 'utf8')).toBe(
      result.commit,
    );
  });

  it('names the refs file it cannot write, with the fix, and leaves no temporary file beside it', async () => {
    const { params, cacheDir } = freshDownload();
    const refs = join(cacheDir, 'models--miner--model', 'refs');
    await mkdir(join(refs, 'main'), { recursive: true });
    const failed = await rejectionOf(downloadModel({ ...params, revision: 'main' }));
    expect(failed).toBeInstanceOf(FileSystemError);
    expect(failed.message).toBe(
      `Cannot write ${join(refs, 'main')}: it is a folder, not a file. Give the path of a file, or choose ` +
        'another cache directory, and run again.',
    );
    expect(await readdir(refs)).toEqual(['main']);
  });

  it("cannot download another user's private model", async () => {
    const { params, cacheDir } = freshDownload();
    const refused = await rejectionOf(downloadModel({ ...params, accessToken: RIVAL.token }));
    expect(refused).toBeInstanceOf(RepoNotFoundError);
    await expect(stat(cacheDir)).rejects.toThrow(/ENOENT/);
  });

  it('names a missing revision', async () => {
    const { params } = freshDownload();
    await expect(downloadModel({ ...params, revision: 'a'.repeat(40) })).rejects.toBeInstanceOf(
      RevisionNotFoundError,
    );
  });

  it('removes the half-made copy of a symlinked file that a killed run left in the snapshot', async () => {
    const first = freshDownload();
    await downloadModel(first.params);
    const second = freshDownload();
    await mkdir(second.snapshotDir, { recursive: true });
    await symlink(join(first.snapshotDir, WEIGHTS), join(second.snapshotDir, WEIGHTS));
    await writeFile(join(second.snapshotDir, `.${WEIGHTS}.0123abcd.pixel-tmp`), 'half a copy');
    const result = await downloadModel(second.params);
    expect(result.hash).toBe((await downloadModel(first.params)).hash);
    expect((await readdir(second.snapshotDir)).sort()).toEqual(['.gitattributes', 'config.json', WEIGHTS]);
  });

  it('turns symlinks left in the snapshot into real files and refuses stray files', async () => {
    const first = freshDownload();
    await downloadModel(first.params);
    const second = freshDownload();
    await mkdir(second.snapshotDir, { recursive: true });
    await symlink(join(first.snapshotDir, WEIGHTS), join(second.snapshotDir, WEIGHTS));
    const result = await downloadModel(second.params);
    expect((await lstat(join(second.snapshotDir, WEIGHTS))).isSymbolicLink()).toBe(false);
    expect(result.hash).toBe((await downloadModel(first.params)).hash);

    await writeFile(join(second.snapshotDir, 'notes.txt'), 'mine');
    const refused = downloadModel(second.params);
    await expect(refused).rejects.toBeInstanceOf(PixelHubError);
    await expect(refused).rejects.toThrow(/notes\.txt/);
    expect((await readdir(second.snapshotDir)).sort()).toEqual([
      '.gitattributes',
      'config.json',
      WEIGHTS,
      'notes.txt',
    ]);
  });
});
