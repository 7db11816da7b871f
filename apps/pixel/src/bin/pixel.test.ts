import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const bin = fileURLToPath(new URL('../../dist/bin/pixel.js', import.meta.url));

describe('the built pixel bin', () => {
  it('runs `competitions list` as a program (turbo builds before tests)', async () => {
    if (!existsSync(bin))
      throw new Error(`${bin} is missing: build first (npx pnpm@10.34.9 --filter @pixel/cli build).`);
    const cwd = await mkdtemp(path.join(os.tmpdir(), 'pixel-bin-'));
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, 'competitions', 'list'], {
        cwd,
        env: { PATH: process.env.PATH },
      });
      expect(stderr).toBe('');
      expect(stdout).toContain('m6  2,684,354,560   6 GiB');
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });

  it('exits quietly when the reader of its output goes away (| head)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pixel-bin-'));
    try {
      const errors = path.join(dir, 'stderr.txt');
      // `true` exits before node has started, so every write hits a closed pipe.
      await promisify(execFile)('sh', ['-c', `"${process.execPath}" "${bin}" --help 2>"${errors}" | true`], {
        cwd: dir,
      });
      expect(await readFile(errors, 'utf8')).toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('starts with a node shebang so npm can link it as a command', async () => {
    expect((await readFile(bin, 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});
