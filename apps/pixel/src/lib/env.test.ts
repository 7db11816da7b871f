import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadDotEnv } from './env.js';

describe('loadDotEnv', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pixel-dotenv-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('adds the variables of .env that the shell has not set, and says which file it read', async () => {
    await writeFile(path.join(dir, '.env'), 'HF_ACCESS_TOKEN=hf_file\nPIXEL_LOG_LEVEL=debug\n# comment\n');
    const env: NodeJS.ProcessEnv = { PIXEL_LOG_LEVEL: 'warn' };
    expect(loadDotEnv(dir, env)).toBe(path.join(dir, '.env'));
    expect(env).toEqual({ HF_ACCESS_TOKEN: 'hf_file', PIXEL_LOG_LEVEL: 'warn' });
  });

  it('does nothing without a .env file', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadDotEnv(dir, env)).toBeUndefined();
    expect(env).toEqual({});
  });

  it('names the file and the fix when .env cannot be read', async () => {
    await mkdir(path.join(dir, '.env'));
    expect(() => loadDotEnv(dir, {})).toThrow(
      `Cannot read ${path.join(dir, '.env')} (EISDIR): make it a readable file or remove it.`,
    );
  });
});
