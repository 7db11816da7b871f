import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { useTemporaryDirectory } from '@pixel-tools/test-support';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { parquetShard } from '../test-support/parquet-dataset.js';
import { openParquetFile } from './open-parquet-file.js';

describe('openParquetFile', () => {
  const dir = useTemporaryDirectory('parquet-file');

  it('names its columns by kind and reads a row group at a time', async () => {
    const file = path.join(dir(), 'shard.parquet');
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    await writeFile(
      file,
      parquetShard(
        [
          { caption: 'a', image: bytes },
          { caption: 'b', image: null },
          { caption: 'c', image: bytes },
        ],
        { encoding: 'image', rowGroupSize: 2 },
      ),
    );
    const parquet = await openParquetFile(file, 'shard.parquet of a test');
    expect(parquet.columns).toEqual([
      { name: 'id', type: 'INT32' },
      { name: 'image', type: 'Image' },
      { name: 'text', type: 'string' },
    ]);
    expect(parquet.groups).toEqual([
      { start: 0, rows: 2 },
      { start: 2, rows: 1 },
    ]);
    expect(await parquet.readGroup(1, ['text', 'image'])).toEqual([
      { text: 'c', image: { bytes, path: null } },
    ]);
  });

  it('reads gzip and Brotli files, and leaves bytes without a text annotation as bytes', async () => {
    for (const [codec, compress] of [
      ['GZIP', (input: Uint8Array) => zlib.gzipSync(input)],
      ['BROTLI', (input: Uint8Array) => zlib.brotliCompressSync(input)],
    ] as const) {
      const file = path.join(dir(), `${codec}.parquet`);
      await writeFile(
        file,
        new Uint8Array(
          parquetWriteBuffer({
            columnData: [
              { name: 'caption', data: ['a lighthouse'], type: 'STRING' },
              { name: 'blob', data: [new Uint8Array([1, 2])], type: 'BYTE_ARRAY' },
            ],
            codec,
            compressors: { [codec]: compress },
          }),
        ),
      );
      const parquet = await openParquetFile(file, codec);
      expect(parquet.columns).toEqual([
        { name: 'caption', type: 'string' },
        { name: 'blob', type: 'binary' },
      ]);
      expect(await parquet.readGroup(0, ['caption', 'blob'])).toEqual([
        { caption: 'a lighthouse', blob: new Uint8Array([1, 2]) },
      ]);
    }
  });
});
