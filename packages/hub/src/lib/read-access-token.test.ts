import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAccessToken } from './read-access-token.js';

describe('readAccessToken', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pixel-hub-token-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prefers the environment over .env', async () => {
    await writeFile(join(dir, '.env'), 'HF_ACCESS_TOKEN=hf_from_file\n');
    expect(await readAccessToken({ env: { HF_ACCESS_TOKEN: 'hf_from_env' }, cwd: dir })).toBe('hf_from_env');
  });

  it('reads .env with quotes, export and other keys around it', async () => {
    await writeFile(join(dir, '.env'), 'OTHER=1\nexport HF_ACCESS_TOKEN="hf_quoted"\r\nLAST=2\n');
    expect(await readAccessToken({ env: {}, cwd: dir })).toBe('hf_quoted');
  });

  it('is undefined without either', async () => {
    expect(await readAccessToken({ env: {}, cwd: dir })).toBeUndefined();
    await writeFile(join(dir, '.env'), 'HF_ACCESS_TOKEN=\n');
    expect(await readAccessToken({ env: {}, cwd: dir })).toBeUndefined();
  });
});
