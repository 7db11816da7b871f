import { createHash } from 'node:crypto';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { combineFileHashes, hashDirectory, hashFile, listFilesInWalkOrder } from '../index.js';
import { referenceVectors, withTemporaryDirectory } from '@pixel-tools/test-support';

const vectors = referenceVectors().directory_hashes;

async function writeFiles(dir: string, files: Record<string, Buffer | string>): Promise<void> {
  for (const [relativePath, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, relativePath)), { recursive: true });
    await writeFile(path.join(dir, relativePath), content);
  }
}

const base64Sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('base64');

describe('hashDirectory reference vectors', () => {
  it.each(vectors.map((v, i) => [i, v]))(
    'vector %i: every file hash and the directory hash match',
    async (_, vector) => {
      await withTemporaryDirectory('constraints', async (dir) => {
        const files = Object.fromEntries(
          Object.entries(vector.files_base64).map(([name, b64]) => [name, Buffer.from(b64, 'base64')]),
        );
        await writeFiles(dir, files);
        for (const [name, expected] of Object.entries(vector.file_hashes)) {
          expect(await hashFile(path.join(dir, name))).toBe(expected);
        }
        expect(await hashDirectory(dir)).toBe(vector.directory_hash);
        const ordered = await listFilesInWalkOrder(dir);
        expect(combineFileHashes(ordered.map((name) => vector.file_hashes[name]!))).toBe(
          vector.directory_hash,
        );
      });
    },
  );

  it('the vectors exercise case, digits, accents, underscores and nesting', () => {
    const names = vectors.flatMap((v) => Object.keys(v.files_base64));
    expect(names).toEqual(
      expect.arrayContaining([
        'Sub/upper.txt',
        'sub/inner/y.bin',
        '10.bin',
        '9.bin',
        'é-accent.txt',
        '_under',
      ]),
    );
  });
});

describe('hashDirectory', () => {
  it('hashes astral-plane names in code-point order, as Python sorts them', async () => {
    await withTemporaryDirectory('constraints', async (dir) => {
      const emoji = '\u{1F600}.txt';
      const ligature = '\uFB01.txt';
      await writeFiles(dir, { [emoji]: 'smile', [ligature]: 'fi' });
      expect(await listFilesInWalkOrder(dir)).toEqual([ligature, emoji]);
      const expected = base64Sha256(base64Sha256('fi') + base64Sha256('smile'));
      expect(await hashDirectory(dir)).toBe(expected);
    });
  });

  it('of an empty directory is the hash of nothing', async () => {
    await withTemporaryDirectory('constraints', async (dir) => {
      expect(await hashDirectory(dir)).toBe(base64Sha256(''));
    });
  });

  it('counts a symbolic link to a file as that file, as validators replace links by files', async () => {
    await withTemporaryDirectory('constraints', async (dir) => {
      const real = path.join(dir, 'real');
      const linked = path.join(dir, 'linked');
      await writeFiles(real, { 'config.json': '{}', 'unet/diffusion_pytorch_model.safetensors': 'weights' });
      await writeFiles(path.join(dir, 'blobs'), { a: '{}', b: 'weights' });
      await mkdir(path.join(linked, 'unet'), { recursive: true });
      await symlink(path.join(dir, 'blobs', 'a'), path.join(linked, 'config.json'));
      await symlink('../../blobs/b', path.join(linked, 'unet', 'diffusion_pytorch_model.safetensors'));
      expect(await hashDirectory(linked)).toBe(await hashDirectory(real));
    });
  });

  it('refuses a symbolic link to a directory, which os.walk would skip', async () => {
    await withTemporaryDirectory('constraints', async (dir) => {
      await writeFiles(dir, { 'model/config.json': '{}', 'elsewhere/w.bin': 'w' });
      await symlink(path.join(dir, 'elsewhere'), path.join(dir, 'model', 'unet'));
      await expect(hashDirectory(path.join(dir, 'model'))).rejects.toThrow(
        'Cannot hash "unet": it is a symbolic link to a directory, which validators (os.walk) do not follow. Replace it with a copy of the directory or remove it.',
      );
    });
  });

  it('refuses a broken symbolic link, naming it', async () => {
    await withTemporaryDirectory('constraints', async (dir) => {
      await symlink(path.join(dir, 'gone'), path.join(dir, 'config.json'));
      await expect(hashDirectory(dir)).rejects.toThrow(
        'Cannot hash "config.json": it is a symbolic link whose target cannot be read (ENOENT). Fix or remove the link.',
      );
    });
  });

  it('names a path that is not a directory', async () => {
    await withTemporaryDirectory('constraints', async (dir) => {
      await writeFiles(dir, { 'file.txt': 'x' });
      await expect(hashDirectory(path.join(dir, 'file.txt'))).rejects.toThrow(
        `Cannot list "${path.join(dir, 'file.txt')}": it is not a directory. Give the folder that holds the model files.`,
      );
    });
  });
});
