import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '@pixel/constraints';
import { useTemporaryDirectory } from '@pixel-tools/test-support';
import sharp from 'sharp';
import { createFolderSource, detectImageFormat, type SourceRecord } from '../index.js';

async function list(source: ReturnType<typeof createFolderSource>): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  for await (const record of source.records()) records.push(record);
  return records;
}

const png = () =>
  sharp({ create: { width: 16, height: 16, channels: 3, background: '#345' } })
    .png()
    .toBuffer();

describe('createFolderSource', () => {
  const dir = useTemporaryDirectory('folder-source');

  it('lists images with .txt captions beside them in name order, passing over the uncaptioned and hidden', async () => {
    await mkdir(path.join(dir(), 'b-sub'));
    await mkdir(path.join(dir(), '.pixel-dataset'));
    for (const name of ['a.png', 'b-sub/c.PNG', 'z.webp', 'uncaptioned.jpg', '.pixel-dataset/x.png'])
      await writeFile(path.join(dir(), name), await png());
    await writeFile(path.join(dir(), 'a.txt'), '  a lighthouse --v 6 \n');
    await writeFile(path.join(dir(), 'b-sub', 'c.txt'), 'a cat');
    await writeFile(path.join(dir(), 'z.txt'), 'a zebra --v 5.2');
    await writeFile(path.join(dir(), '.pixel-dataset', 'x.txt'), 'hidden');
    const source = createFolderSource({ dir: dir() });
    expect([source.name, source.versionFilter]).toEqual([`folder:${dir()}`, 'when-present']);
    const records = await list(source);
    expect(records).toEqual([
      { prompt: 'a lighthouse --v 6', image_url: 'a.png' },
      { prompt: 'a cat', image_url: 'b-sub/c.PNG' },
      { prompt: 'a zebra --v 5.2', image_url: 'z.webp' },
    ]);
    expect(detectImageFormat(await source.fetchImage(records[1]!, {}))).toBe('png');
  });

  it('reads metadata.csv or metadata.jsonl when the folder has one (the image-folder layout)', async () => {
    await writeFile(path.join(dir(), 'one.png'), await png());
    await writeFile(path.join(dir(), 'one.txt'), 'the sidecar, not used');
    await writeFile(path.join(dir(), 'metadata.jsonl'), '{"file_name": "one.png", "text": "from jsonl"}\n');
    expect(await list(createFolderSource({ dir: dir() }))).toEqual([
      { prompt: 'from jsonl', image_url: 'one.png' },
    ]);
    await writeFile(path.join(dir(), 'metadata.csv'), 'file_name,text\none.png,"from csv, quoted"\n');
    expect(await list(createFolderSource({ dir: dir() }))).toEqual([
      { prompt: 'from csv, quoted', image_url: 'one.png' },
    ]);
  });

  it('says what is missing: the folder, any image, any caption, or a column', async () => {
    const missing = path.join(dir(), 'nope');
    await expect(list(createFolderSource({ dir: missing }))).rejects.toEqual(
      new UsageError(`--source folder:${missing}: there is no folder ${missing}; give a folder of images.`),
    );
    await expect(list(createFolderSource({ dir: dir() }))).rejects.toThrow(
      `--source folder:${dir()}: ${dir()} holds no PNG, JPEG or WebP image, nor a metadata.csv or metadata.jsonl.`,
    );
    await writeFile(path.join(dir(), 'lonely.png'), await png());
    await expect(list(createFolderSource({ dir: dir() }))).rejects.toThrow(
      `--source folder:${dir()}: none of its 1 images has a caption. Put each prompt in a .txt file beside its ` +
        'image (cat.png and cat.txt), or list them in a metadata.csv with file_name and text columns.',
    );
    await writeFile(path.join(dir(), 'metadata.jsonl'), '{"file_name": "lonely.png", "words": 3}\n');
    await expect(list(createFolderSource({ dir: dir() }))).rejects.toThrow(
      `Cannot tell which column of ${path.join(dir(), 'metadata.jsonl')} holds the captions (text); its columns ` +
        'are: file_name (string), words (number). Name it with --caption-column.',
    );
  });
});
