import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { tinyDiskCommand } from './tiny-disk-command.js';
import { useTemporaryDirectory } from './use-temporary-directory.js';

describe('tinyDiskCommand', () => {
  const dir = useTemporaryDirectory('pixel-tiny-disk-');

  it('gives a child a real full disk at the folder, and only the child', async () => {
    const small = path.join(dir(), 'small');
    await mkdir(small);
    const [command, ...args] = tinyDiskCommand(small, '64k');
    const child = spawnSync(command!, [
      ...args,
      'sh',
      '-c',
      'head -c 200000 /dev/zero > "$1/big"',
      'sh',
      small,
    ]);
    expect(child.status).not.toBe(0);
    expect(child.stderr.toString()).toMatch(/No space left on device/);
  });
});
