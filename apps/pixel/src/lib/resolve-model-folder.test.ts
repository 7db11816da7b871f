import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { captureStream } from '../test-support/capture-stream.js';
import type { CommandContext } from './context.js';
import { createLogger } from './logger.js';
import { resolveModelFolder, type HubSnapshotRequest } from './resolve-model-folder.js';

describe('resolveModelFolder', () => {
  let cwd: string;
  let requests: HubSnapshotRequest[];
  const download = async (request: HubSnapshotRequest) => {
    requests.push(request);
    return { snapshotDir: path.join(request.cacheDir, 'snapshot') };
  };
  const context = (env: NodeJS.ProcessEnv): CommandContext => {
    const out = captureStream();
    return {
      logger: createLogger({ level: 'silent', secrets: [], destination: out.stream }),
      env,
      cwd,
      stdout: out.stream,
      interactive: false,
    };
  };

  beforeEach(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'pixel-model-folder-'));
    requests = [];
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('takes an existing folder as it is, even when it looks like a Hub id', async () => {
    await mkdir(path.join(cwd, 'me', 'model'), { recursive: true });
    expect(await resolveModelFolder(context({}), 'me/model', { download })).toBe(
      path.join(cwd, 'me', 'model'),
    );
    expect(requests).toEqual([]);
  });

  it('downloads a Hub id at its @revision, into --cache_dir or else HF_HUB_CACHE, with the token and HF_ENDPOINT', async () => {
    const env = {
      HF_ACCESS_TOKEN: 'hf_secret',
      HF_ENDPOINT: 'http://127.0.0.1:9',
      HF_HUB_CACHE: '/hub-cache',
    };
    expect(await resolveModelFolder(context(env), 'me/repo@0123abc', { cacheDir: 'cache', download })).toBe(
      path.join(cwd, 'cache', 'snapshot'),
    );
    await resolveModelFolder(context(env), 'me/repo', { hubUrl: 'http://hub', download });
    expect(requests).toEqual([
      {
        repo: 'me/repo',
        revision: '0123abc',
        cacheDir: path.join(cwd, 'cache'),
        accessToken: 'hf_secret',
        hubUrl: 'http://127.0.0.1:9',
      },
      {
        repo: 'me/repo',
        revision: undefined,
        cacheDir: '/hub-cache',
        accessToken: 'hf_secret',
        hubUrl: 'http://hub',
      },
    ]);
  });

  it('names the flag when a value is neither a folder nor a Hub id, if asked to', async () => {
    await expect(
      resolveModelFolder(context({}), 'no-such-model', { flag: '--model', download }),
    ).rejects.toThrow(
      `--model no-such-model: no such folder (${path.join(cwd, 'no-such-model')}), and not a Hub id`,
    );
    expect(await resolveModelFolder(context({}), 'no-such-model', { download })).toBe(
      path.join(cwd, 'no-such-model'),
    );
    expect(requests).toEqual([]);
  });
});
