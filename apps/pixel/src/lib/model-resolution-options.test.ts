import os from 'node:os';
import path from 'node:path';
import { captureStream } from '../test-support/capture-stream.js';
import { logMessages } from '../test-support/log-messages.js';
import { createLogger } from './logger.js';
import { modelResolutionOptions } from './model-resolution-options.js';

describe('modelResolutionOptions', () => {
  const context = (env: NodeJS.ProcessEnv) => {
    const out = captureStream();
    const logger = createLogger({ level: 'info', secrets: [], destination: out.stream });
    return { ctx: { env, cwd: '/work/here', logger }, out };
  };

  it('downloads into --cache_dir (against the working directory) with --hub-url, as the token of HF_ACCESS_TOKEN', async () => {
    const { ctx } = context({
      HF_ACCESS_TOKEN: 'hf_secret',
      HF_ENDPOINT: 'http://env-hub',
      HF_HUB_CACHE: '/hf',
    });
    expect(await modelResolutionOptions(ctx, { cacheDir: 'cache', hubUrl: 'http://flag-hub' })).toMatchObject(
      {
        cwd: '/work/here',
        cacheDir: '/work/here/cache',
        hub: { accessToken: 'hf_secret', hubUrl: 'http://flag-hub' },
      },
    );
  });

  it('falls back to HF_HUB_CACHE and HF_ENDPOINT, then to the Hugging Face defaults, and logs the progress lines', async () => {
    const { ctx, out } = context({ HF_ENDPOINT: 'http://env-hub', HF_HUB_CACHE: '/hf' });
    const options = await modelResolutionOptions(ctx, {});
    expect(options).toMatchObject({
      cacheDir: '/hf',
      hub: { accessToken: undefined, hubUrl: 'http://env-hub' },
    });
    options.log!('Downloading me/repo into /hf');
    expect(logMessages(out.text())).toBe('Downloading me/repo into /hf');
    options.warn!('netuid 17 on finney is not a pixel competition');
    const [, warning] = out.text().trim().split('\n');
    expect(JSON.parse(warning!)).toMatchObject({
      level: 40, // pino's warn
      msg: 'netuid 17 on finney is not a pixel competition',
    });

    expect(await modelResolutionOptions(context({}).ctx, {})).toMatchObject({
      cacheDir: path.join(os.homedir(), '.cache', 'huggingface', 'hub'),
      hub: { hubUrl: undefined },
    });
  });
});
