import { createHash } from 'node:crypto';
import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { hashFile } from '../index.js';
import { withTemporaryDirectory } from '@pixel-tools/test-support';

describe('hashFile', () => {
  it('is base64(sha256(bytes)), including for an empty file', async () => {
    await withTemporaryDirectory('constraints', async (dir) => {
      await writeFile(path.join(dir, 'empty'), '');
      expect(await hashFile(path.join(dir, 'empty'))).toBe('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
    });
  });

  it('hashes a file spanning several read chunks exactly', async () => {
    await withTemporaryDirectory('constraints', async (dir) => {
      // 2.5 MiB of non-repeating bytes: crosses two 1 MiB chunk boundaries.
      const bytes = Buffer.alloc(2.5 * 1024 * 1024);
      for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 31 + (i >> 10)) & 0xff;
      await writeFile(path.join(dir, 'big.bin'), bytes);
      expect(await hashFile(path.join(dir, 'big.bin'))).toBe(
        createHash('sha256').update(bytes).digest('base64'),
      );
    });
  });

  it('follows a symbolic link to the file it points to', async () => {
    await withTemporaryDirectory('constraints', async (dir) => {
      await writeFile(path.join(dir, 'blob'), 'weights');
      await symlink(path.join(dir, 'blob'), path.join(dir, 'link'));
      expect(await hashFile(path.join(dir, 'link'))).toBe(await hashFile(path.join(dir, 'blob')));
    });
  });

  it('names the path and the problem when it cannot read the file', async () => {
    await withTemporaryDirectory('constraints', async (dir) => {
      await expect(hashFile(path.join(dir, 'missing'))).rejects.toThrow(
        `Cannot hash file "${path.join(dir, 'missing')}": it does not exist.`,
      );
      await expect(hashFile(dir)).rejects.toThrow(
        `Cannot hash file "${dir}": it is a directory (use hashDirectory).`,
      );
    });
  });
});
