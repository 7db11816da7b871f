import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PixelError, UsageError } from '@pixel/constraints';
import { useTemporaryDirectory } from '@pixel-tools/test-support';
import { startVisionSource, type RunningVisionSource } from '@pixel-tools/vision-source';
import sharp from 'sharp';
import type { SkipError } from '../index.js';
import { createParquetSource, listRecords, type SourceRecord } from '../index.js';
import { folderDatasetFiles, parquetShard, writeDatasetFiles } from '../test-support/parquet-dataset.js';

const COMMIT = 'c'.repeat(40);
const png = (shade: number) =>
  sharp({ create: { width: 8, height: 8, channels: 3, background: { r: shade, g: 0, b: 0 } } })
    .png()
    .toBuffer();

async function list(source: ReturnType<typeof createParquetSource>): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  for await (const record of source.records()) records.push(record);
  return records;
}

describe('createParquetSource', () => {
  const dir = useTemporaryDirectory('parquet-source');
  let store: RunningVisionSource;
  beforeAll(async () => {
    store = await startVisionSource({ count: 2 });
  });
  afterAll(() => store.stop());

  it("lists an Image feature dataset's train shards in order, row group by row group, and reads each image from its row", async () => {
    const images = await Promise.all([1, 2, 3, 4, 5].map(png));
    await writeDatasetFiles(dir(), {
      'data/train-00000-of-00002.parquet': parquetShard(
        [
          { caption: 'a harbour --ar 16:9 --v 6', image: images[0]! },
          { caption: 'old --v 5.2', image: images[1]! },
          { caption: 'a forest', image: images[2]! },
        ],
        { encoding: 'image' },
      ),
      'data/train-00001-of-00002.parquet': parquetShard(
        [
          { caption: null, image: images[3]! },
          { caption: 'a desert', image: images[4]! },
        ],
        { encoding: 'image' },
      ),
      'data/test-00000-of-00001.parquet': parquetShard([{ caption: 'held out', image: images[0]! }], {
        encoding: 'image',
      }),
      'README.md': '# images',
    });
    const files = folderDatasetFiles(dir(), [
      'README.md',
      'data/test-00000-of-00001.parquet',
      'data/train-00001-of-00002.parquet',
      'data/train-00000-of-00002.parquet',
    ]);
    const source = createParquetSource({ files });
    expect([source.name, source.versionFilter]).toEqual(['hf:someone/images', 'when-present']);
    const records = await list(source);
    const shard = (n: number) =>
      `hf://datasets/someone/images@${COMMIT}/data/train-0000${n}-of-00002.parquet`;
    expect(records).toEqual([
      { prompt: 'a harbour --ar 16:9 --v 6', image_url: `${shard(0)}#row=0` },
      { prompt: 'old --v 5.2', image_url: `${shard(0)}#row=1` },
      { prompt: 'a forest', image_url: `${shard(0)}#row=2` },
      { prompt: '', image_url: `${shard(1)}#row=0` },
      { prompt: 'a desert', image_url: `${shard(1)}#row=1` },
    ]);
    for (const [i, record] of records.entries()) {
      expect((await source.fetchImage(record, {})).equals(images[i]!)).toBe(true);
    }

    // Listing stops where enough records are found: the second shard is not fetched, and the version filter
    // keeps captions without a --v flag.
    files.downloads.length = 0;
    const listed = await listRecords(source, { numSamples: 2, mjVersion: 6 });
    expect(listed.records.map((r) => r.prompt)).toEqual(['a harbour', 'a forest']);
    expect(files.downloads).toEqual(['data/train-00000-of-00002.parquet']);
  });

  it('reads a column of image URLs, passing over rows without one, and takes the columns the flags name', async () => {
    await writeDatasetFiles(dir(), {
      'links.parquet': parquetShard(
        [
          { caption: 'first', image: store.records[0]!.image_url },
          { caption: 'no url', image: null },
          { caption: 'not http', image: 'ftp://example.com/x.png' },
          { caption: 'second', image: store.records[1]!.image_url },
        ],
        { encoding: 'url', imageColumn: 'where', captionColumn: 'words' },
      ),
    });
    const files = folderDatasetFiles(dir(), ['links.parquet']);
    await expect(list(createParquetSource({ files }))).rejects.toEqual(
      new UsageError(
        'Cannot tell which column of links.parquet of hf:someone/images holds the images (an Image feature ' +
          '({bytes, path}) or http(s) URLs (string)); its columns are: id (INT32), where (string), words ' +
          '(string). Name it with --image-column.',
      ),
    );
    const source = createParquetSource({ files, imageColumn: 'where', captionColumn: 'words' });
    const records = await list(source);
    expect(records).toEqual([
      { prompt: 'first', image_url: store.records[0]!.image_url },
      { prompt: 'second', image_url: store.records[1]!.image_url },
    ]);
    expect((await source.fetchImage(records[1]!, {})).subarray(1, 4).toString()).toBe('PNG');
    await writeDatasetFiles(dir(), {
      'names.parquet': parquetShard([{ caption: 'a cat', image: 'cats/1.png' }], { encoding: 'url' }),
    });
    await expect(
      list(createParquetSource({ files: folderDatasetFiles(dir(), ['names.parquet']) })),
    ).rejects.toEqual(
      new UsageError(
        'The column image of names.parquet of hf:someone/images holds no http(s) URL (it holds values such as ' +
          '"cats/1.png"); name the column of the images with --image-column.',
      ),
    );
    await expect(list(createParquetSource({ files, imageColumn: 'id' }))).rejects.toThrow(
      '--image-column id: in links.parquet of hf:someone/images it is INT32, but the images must be an Image ' +
        'feature ({bytes, path}) or http(s) URLs (string);',
    );
  });

  it('skips a row without an image, with bytes that are not one or over the cap, and downloads a path-only URL', async () => {
    await writeDatasetFiles(dir(), {
      'train.parquet': parquetShard(
        [
          { caption: 'none', image: null },
          { caption: 'text', image: Buffer.from('hello, not an image') },
          { caption: 'by url', image: store.records[0]!.image_url },
          { caption: 'big', image: await png(9) },
        ],
        { encoding: 'image', rowGroupSize: 3 },
      ),
    });
    const source = createParquetSource({ files: folderDatasetFiles(dir(), ['train.parquet']) });
    const records = await list(source);
    const fetched = await Promise.all(
      records.map((record) =>
        source.fetchImage(record, { maxBytes: 60 }).then(
          (image) => image.subarray(1, 4).toString(),
          (error: SkipError) => [error.reason, error.message],
        ),
      ),
    );
    expect(fetched).toEqual([
      ['missing-file', 'row 0 of train.parquet of hf:someone/images has no image bytes and no http(s) URL'],
      ['not-an-image', 'row 1 of train.parquet of hf:someone/images holds no PNG, JPEG or WebP image'],
      ['too-large', expect.stringMatching(/^\d+ bytes announced, more than the 60-byte cap$/)],
      ['too-large', expect.stringMatching(/^\d+ bytes, more than the 60-byte cap$/)],
    ]);
    // The URL row downloads (it is only too large for this tiny cap).
    expect((await source.fetchImage(records[2]!, {})).subarray(1, 4).toString()).toBe('PNG');
  });

  it('says when a revision holds no parquet file, and refuses a file that is not parquet or claims a huge footer', async () => {
    await writeDatasetFiles(dir(), { 'images/cat.png': await png(1) });
    await expect(
      list(createParquetSource({ files: folderDatasetFiles(dir(), ['images/cat.png']) })),
    ).rejects.toThrow(
      `hf:someone/images (commit ${COMMIT}) holds no parquet file. This source reads datasets stored as parquet; ` +
        'for a dataset stored otherwise, try the Hub\'s parquet conversion of it: add "@refs/convert/parquet" to ' +
        'the --source value.',
    );
    await writeFile(path.join(dir(), 'broken.parquet'), 'PAR1 this is not parquet');
    const broken = await list(
      createParquetSource({ files: folderDatasetFiles(dir(), ['broken.parquet']) }),
    ).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(PixelError);
    expect((broken as Error).message).toBe(
      'broken.parquet of hf:someone/images is not a parquet file (it does not end with PAR1).',
    );
    const footer = Buffer.alloc(12);
    footer.write('PAR1');
    footer.writeUInt32LE(0xfffffff0, 4);
    footer.write('PAR1', 8);
    await writeFile(path.join(dir(), 'huge.parquet'), footer);
    await expect(
      list(createParquetSource({ files: folderDatasetFiles(dir(), ['huge.parquet']) })),
    ).rejects.toThrow(
      'huge.parquet of hf:someone/images declares a 4294967280-byte footer, more than the file or the 67108864 bytes read;',
    );
  });
});
