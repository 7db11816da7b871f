import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SHARED, SHARED_DIR } from './shared.mjs';

const SHARED_MODULE = fileURLToPath(new URL('./shared.mjs', import.meta.url));

describe('SHARED', () => {
  it('finds ../shared beside the repository, and every path it names exists there', () => {
    expect(existsSync(path.join(SHARED_DIR, 'vectors'))).toBe(true);
    for (const [name, file] of Object.entries(SHARED)) {
      expect([name, file.startsWith(SHARED_DIR) && existsSync(file)]).toEqual([name, true]);
    }
  });

  it('refuses a PIXEL_SHARED_DIR that does not exist, naming it and the fix', async () => {
    const missing = path.join(SHARED_DIR, 'no-such-folder');
    const run = promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', `await import(${JSON.stringify(SHARED_MODULE)})`],
      {
        env: { PATH: process.env.PATH, PIXEL_SHARED_DIR: missing },
      },
    );
    await expect(run).rejects.toMatchObject({
      stderr: expect.stringContaining(
        `Shared test materials not found at ${missing}. Clone the repo next to shared/ or set PIXEL_SHARED_DIR.`,
      ),
    });
  });
});
