import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createRepo, uploadFiles } from '@huggingface/hub';
import { RepoNotFoundError, TransferFailedError } from '../errors.js';
import { MINER, rejectionOf, useHubFixture } from '../test-support/hub-fixture.js';
import { downloadDatasetFile } from './download-dataset-file.js';
import { listRevisionFiles } from './list-revision-files.js';

const SHARD = 'data/train-00000-of-00001.parquet';
const fixture = useHubFixture();
const shard = randomBytes(300_000);
let commit: string;

beforeAll(async () => {
  // Published with the real client, as `datasets`' push_to_hub does: a dataset repo, its shard through LFS.
  const credentials = { accessToken: MINER.token, hubUrl: fixture.hub.url };
  await createRepo({ ...credentials, repo: { type: 'dataset', name: 'miner/images' } });
  await uploadFiles({
    ...credentials,
    repo: { type: 'dataset', name: 'miner/images' },
    files: [
      { path: SHARD, content: new Blob([shard]) },
      { path: 'README.md', content: new Blob(['# images']) },
    ],
    useXet: false,
  });
  ({ commit } = await listRevisionFiles({ ...credentials, repo: 'miner/images', repoType: 'dataset' }));
});
afterEach(() => fixture.hub.clearFaults());

const shardDownloads = () =>
  fixture.hub.requests.filter((r) => r.method === 'GET' && r.url.endsWith(SHARD) && r.range !== 'bytes=0-0');

describe('listRevisionFiles of a dataset repo', () => {
  it('lists the files of a dataset at its commit, not those of a model of the same name', async () => {
    const listing = await listRevisionFiles({
      repo: 'miner/images',
      repoType: 'dataset',
      hubUrl: fixture.hub.url,
    });
    expect(listing.commit).toBe(commit);
    expect(listing.files.map((file) => [file.path, file.size])).toEqual([
      ['.gitattributes', expect.any(Number)],
      ['README.md', 8],
      [SHARD, shard.length],
    ]);
    expect(
      await rejectionOf(listRevisionFiles({ repo: 'miner/images', hubUrl: fixture.hub.url })),
    ).toBeInstanceOf(RepoNotFoundError);
  });
});

describe('downloadDatasetFile', () => {
  it('downloads one file into the cache once, resuming a cut transfer with a Range request', async () => {
    const cacheDir = join(fixture.work, 'cache-resume');
    fixture.hub.injectFault({
      repo: 'miner/images',
      path: SHARD,
      kind: 'cut',
      afterBytes: 100_000,
      times: 1,
    });
    const before = shardDownloads().length;
    const progress: number[] = [];
    const file = await downloadDatasetFile({
      repo: 'miner/images',
      commit,
      path: SHARD,
      cacheDir,
      hubUrl: fixture.hub.url,
      retry: { attempts: 2, initialDelayMs: 1 },
      onProgress: (p) => progress.push(p.bytes),
    });
    expect(file).toBe(join(cacheDir, 'datasets--miner--images', 'snapshots', commit, SHARD));
    expect((await readFile(file)).equals(shard)).toBe(true);
    const transfers = shardDownloads().slice(before);
    expect(transfers.map((r) => r.range)).toEqual(['bytes=0-', 'bytes=100000-']);
    expect(progress.at(-1)).toBe(shard.length);

    // In the cache: no request at all, so a resumed dataset run reads its shards offline.
    const requests = fixture.hub.requests.length;
    expect(
      await downloadDatasetFile({
        repo: 'miner/images',
        commit,
        path: SHARD,
        cacheDir,
        hubUrl: fixture.hub.url,
      }),
    ).toBe(file);
    expect(fixture.hub.requests.length).toBe(requests);
  });

  it('stops when its signal is aborted, keeping the partial for the next run', async () => {
    const cacheDir = join(fixture.work, 'cache-abort');
    const controller = new AbortController();
    // Every transfer is cut, so only the abort ends the attempts early.
    fixture.hub.injectFault({ repo: 'miner/images', path: SHARD, kind: 'cut', afterBytes: 50_000 });
    const error = await rejectionOf(
      downloadDatasetFile({
        repo: 'miner/images',
        commit,
        path: SHARD,
        cacheDir,
        hubUrl: fixture.hub.url,
        retry: { attempts: 50, initialDelayMs: 1 },
        signal: controller.signal,
        onProgress: (p) => {
          if (p.bytes >= 50_000) controller.abort(new Error('stop here'));
        },
      }),
    );
    expect(error.message).toBe('stop here');
    expect(shardDownloads().filter((r) => r.range === 'bytes=50000-').length).toBeLessThanOrEqual(1);
    const partial = join(cacheDir, 'datasets--miner--images', 'blobs');
    expect((await stat(partial)).isDirectory()).toBe(true);

    fixture.hub.clearFaults();
    const file = await downloadDatasetFile({
      repo: 'miner/images',
      commit,
      path: SHARD,
      cacheDir,
      hubUrl: fixture.hub.url,
    });
    expect((await readFile(file)).equals(shard)).toBe(true);
  });

  it('names the file and how to resume when the transfer keeps failing', async () => {
    fixture.hub.injectFault({ repo: 'miner/images', path: SHARD, kind: 'cut', afterBytes: 10 });
    const error = await rejectionOf(
      downloadDatasetFile({
        repo: 'miner/images',
        commit,
        path: SHARD,
        cacheDir: join(fixture.work, 'cache-fail'),
        hubUrl: fixture.hub.url,
        retry: { attempts: 2, initialDelayMs: 1 },
      }),
    );
    expect(error).toBeInstanceOf(TransferFailedError);
    expect(error.message).toMatch(
      new RegExp(
        `^Downloading "${SHARD}" from miner/images failed after 2 attempts .*run the download again to resume from there\\.$`,
      ),
    );
  });
});
