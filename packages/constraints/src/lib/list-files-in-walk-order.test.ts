import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { listFilesInWalkOrder } from '../index.js';
import { withTemporaryDirectory } from '@pixel-tools/test-support';

async function touch(dir: string, relativePaths: string[]): Promise<void> {
  for (const relativePath of relativePaths) {
    await mkdir(path.dirname(path.join(dir, relativePath)), { recursive: true });
    await writeFile(path.join(dir, relativePath), relativePath);
  }
}

describe('listFilesInWalkOrder', () => {
  it("lists a directory's own files first, then each subdirectory, by code point", async () => {
    await withTemporaryDirectory('constraints', async (dir) => {
      await touch(dir, [
        'unet/diffusion_pytorch_model.safetensors',
        'config.json',
        '.gitattributes',
        'Sub/upper.txt',
        'sub/inner/y.bin',
        'sub/x.json',
        '_under',
        'B.txt',
        '10.bin',
        '9.bin',
      ]);
      expect(await listFilesInWalkOrder(dir)).toEqual([
        '.gitattributes',
        '10.bin',
        '9.bin',
        'B.txt',
        '_under',
        'config.json',
        'Sub/upper.txt',
        'sub/x.json',
        'sub/inner/y.bin',
        'unet/diffusion_pytorch_model.safetensors',
      ]);
    });
  });

  it('lists a link to a file as a file, under the link name', async () => {
    await withTemporaryDirectory('constraints', async (dir) => {
      await touch(dir, ['blobs/abc']);
      await mkdir(path.join(dir, 'snapshot'));
      await symlink('../blobs/abc', path.join(dir, 'snapshot', 'config.json'));
      expect(await listFilesInWalkOrder(path.join(dir, 'snapshot'))).toEqual(['config.json']);
    });
  });

  it('refuses a name that is not valid UTF-8, naming it', async () => {
    await withTemporaryDirectory('constraints', async (dir) => {
      await mkdir(path.join(dir, 'sub'));
      await writeFile(
        Buffer.concat([Buffer.from(path.join(dir, 'sub') + '/'), Buffer.from([0x66, 0xff])]),
        'x',
      );
      await expect(listFilesInWalkOrder(dir)).rejects.toThrow(
        'Cannot hash "sub/f\uFFFD": its name is not valid UTF-8, which the Hugging Face Hub cannot store. Rename it.',
      );
    });
  });
});
