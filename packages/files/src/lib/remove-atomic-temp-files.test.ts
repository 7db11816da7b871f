import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ATOMIC_TEMP_SUFFIX, removeAtomicTempFiles } from '../index.js';

describe('removeAtomicTempFiles', () => {
  it('removes what a killed write left behind and nothing else', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pixel-files-'));
    await writeFile(path.join(dir, 'kept.png'), 'x');
    await writeFile(path.join(dir, `.kept.png.0badc0de${ATOMIC_TEMP_SUFFIX}`), 'half');
    expect(await removeAtomicTempFiles(dir)).toBe(1);
    expect(await readdir(dir)).toEqual(['kept.png']);
    expect(await removeAtomicTempFiles(path.join(dir, 'missing'))).toBe(0);
  });
});
