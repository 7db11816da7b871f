import os from 'node:os';
import path from 'node:path';
import { captureStream } from '../test-support/capture-stream.js';
import type { CommandContext } from './context.js';
import { hubCacheDir } from './hub-cache-dir.js';
import { createLogger } from './logger.js';
import { Terminal } from './terminal.js';

function context(env: NodeJS.ProcessEnv): CommandContext {
  const out = captureStream();
  return {
    logger: createLogger({ level: 'silent', secrets: [], destination: out.stream }),
    env,
    cwd: '/work/here',
    stdout: out.stream,
    terminal: new Terminal(out.stream),
    interactive: false,
  };
}

describe('hubCacheDir', () => {
  it('prefers --cache_dir (against the working directory), then HF_HUB_CACHE, then the Hugging Face default', () => {
    expect(hubCacheDir(context({ HF_HUB_CACHE: '/hf' }), 'cache')).toBe('/work/here/cache');
    expect(hubCacheDir(context({ HF_HUB_CACHE: '/hf' }), undefined)).toBe('/hf');
    expect(hubCacheDir(context({}), undefined)).toBe(path.join(os.homedir(), '.cache', 'huggingface', 'hub'));
  });
});
