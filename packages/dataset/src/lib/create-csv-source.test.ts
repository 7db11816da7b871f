import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '@pixel/constraints';
import { useTemporaryDirectory } from '@pixel-tools/test-support';
import { startVisionSource, type RunningVisionSource } from '@pixel-tools/vision-source';
import sharp from 'sharp';
import { createCsvSource, detectImageFormat, type SourceRecord } from '../index.js';

async function list(source: ReturnType<typeof createCsvSource>): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  for await (const record of source.records()) records.push(record);
  return records;
}

describe('createCsvSource', () => {
  const dir = useTemporaryDirectory('csv-source');
  let store: RunningVisionSource;
  beforeAll(async () => {
    store = await startVisionSource({ count: 2 });
  });
  afterAll(() => store.stop());

  it('lists URL and file rows with their prompts, and fetches both kinds of image', async () => {
    await mkdir(path.join(dir(), 'pics'));
    await writeFile(
      path.join(dir(), 'pics', 'cat.jpg'),
      await sharp({ create: { width: 32, height: 32, channels: 3, background: '#888' } })
        .jpeg()
        .toBuffer(),
    );
    const file = path.join(dir(), 'prompts.csv');
    await writeFile(
      file,
      `id,Prompt,image_url\n1,"a harbour, at dawn --v 6",${store.records[0]!.image_url}\n2,a cat,pics/cat.jpg\n3,no image,\n`,
    );
    const source = createCsvSource({ file });
    expect([source.name, source.versionFilter]).toEqual([`csv:${file}`, 'when-present']);
    const records = await list(source);
    expect(records).toEqual([
      { prompt: 'a harbour, at dawn --v 6', image_url: store.records[0]!.image_url },
      { prompt: 'a cat', image_url: 'pics/cat.jpg' },
    ]);
    for (const [record, format] of [
      [records[0]!, 'png'],
      [records[1]!, 'jpeg'],
    ] as const) {
      expect(detectImageFormat(await source.fetchImage(record, {}))).toBe(format);
    }
  });

  it('takes the columns the flags name, and lists the columns when a guess fails', async () => {
    const file = path.join(dir(), 'links.csv');
    await writeFile(file, `where,words\n${store.records[1]!.image_url},a forest\n`);
    await expect(list(createCsvSource({ file }))).rejects.toEqual(
      new UsageError(
        `Cannot tell which column of ${file} holds the images (http(s) URLs or file names); its columns are: ` +
          'where (string), words (string). Name it with --image-column.',
      ),
    );
    expect(await list(createCsvSource({ file, imageColumn: 'where', captionColumn: 'words' }))).toEqual([
      { prompt: 'a forest', image_url: store.records[1]!.image_url },
    ]);
    await writeFile(path.join(dir(), 'empty.csv'), '');
    await expect(list(createCsvSource({ file: path.join(dir(), 'empty.csv') }))).rejects.toThrow(
      'empty.csv is empty: it needs a header row naming its image and caption columns.',
    );
  });
});
