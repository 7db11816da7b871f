import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startLocalHub, type LocalHub } from '@pixel-tools/local-hub';
import { useTemporaryDirectory } from '@pixel-tools/test-support';
import { hubDatasetFiles } from './hub-dataset-files.js';

const OWNER = { name: 'someone', token: 'hf_someone_write_token' };

describe('hubDatasetFiles', () => {
  const dir = useTemporaryDirectory('hub-dataset-files');
  let hub: LocalHub;
  beforeAll(async () => {
    hub = await startLocalHub({ users: [OWNER] });
    const auth = { Authorization: `Bearer ${OWNER.token}` };
    await fetch(`${hub.url}/api/repos/create`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: 'shards', type: 'dataset', private: true }),
    });
    const file = {
      path: 'data/train-0.parquet',
      content: Buffer.from('PAR1...PAR1').toString('base64'),
      encoding: 'base64',
    };
    await fetch(`${hub.url}/api/datasets/someone/shards/commit/main`, {
      method: 'POST',
      headers: auth,
      body: [
        { key: 'header', value: { summary: 'add' } },
        { key: 'file', value: file },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    });
  });
  afterAll(() => hub.stop());

  it("lists a private dataset's revision with the token and downloads a file into the Hub cache", async () => {
    const files = hubDatasetFiles({
      repo: 'someone/shards',
      revision: 'main',
      cacheDir: dir(),
      accessToken: OWNER.token,
      hubUrl: hub.url,
    });
    expect([files.repo, files.revision]).toEqual(['someone/shards', 'main']);
    const { commit, files: listed } = await files.list({});
    expect(listed).toEqual([
      { path: '.gitattributes', size: expect.any(Number) },
      { path: 'data/train-0.parquet', size: 11 },
    ]);
    const progress: number[][] = [];
    const local = await files.download(
      { commit, path: 'data/train-0.parquet' },
      { onProgress: (bytes, size) => progress.push([bytes, size]) },
    );
    expect(local).toBe(
      path.join(dir(), 'datasets--someone--shards', 'snapshots', commit, 'data/train-0.parquet'),
    );
    expect(await readFile(local, 'utf8')).toBe('PAR1...PAR1');
    expect(progress.at(-1)).toEqual([11, 11]);
  });
});
