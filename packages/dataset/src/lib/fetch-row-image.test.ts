import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { useTemporaryDirectory } from '@pixel-tools/test-support';
import { SkipError } from './skip-error.js';
import { fetchRowImage } from './fetch-row-image.js';

describe('fetchRowImage', () => {
  const dir = useTemporaryDirectory('row-image');

  it('skips a file that is missing, outside its folder, too large or not an image', async () => {
    await writeFile(path.join(dir(), 'notes.png'), 'not an image at all');
    const fetchSkip = (value: string, maxBytes?: number) =>
      fetchRowImage(dir(), value, { maxBytes }).then(
        () => undefined,
        (e: unknown) => e as SkipError,
      );
    expect(await fetchSkip('gone.png')).toEqual(
      new SkipError('missing-file', `${path.join(dir(), 'gone.png')} is not a file`),
    );
    expect(await fetchSkip('../../etc/passwd')).toEqual(
      new SkipError('missing-file', `../../etc/passwd is outside ${dir()}, where its images must be`),
    );
    expect(await fetchSkip('notes.png', 4)).toEqual(
      new SkipError('too-large', '19 bytes, more than the 4-byte cap'),
    );
    expect(((await fetchSkip('notes.png')) as SkipError).reason).toBe('not-an-image');
  });
});
