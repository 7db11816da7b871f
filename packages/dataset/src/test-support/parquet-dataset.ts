import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import sharp from 'sharp';
import type { DatasetRepoFiles } from '../types/public.js';

/** A row of a test dataset: its caption, and its image as bytes (an `Image` feature) or a URL. */
export interface DatasetRow {
  caption: string | null;
  image: Uint8Array | string | null;
}

export interface ShardOptions {
  /** `image`: a `datasets` `Image` feature, declared in the `huggingface` footer entry; `url`: a string column. */
  encoding: 'image' | 'url';
  /** Rows per row group; default 2. */
  rowGroupSize?: number;
  imageColumn?: string;
  captionColumn?: string;
}

/**
 * A parquet shard as `datasets`' push_to_hub writes one: the image column (an `Image` feature, a struct of
 * `bytes` and `path`, or a column of URLs), the caption column, and an `id` column, in row groups.
 */
export function parquetShard(rows: DatasetRow[], options: ShardOptions): Uint8Array {
  const image = options.imageColumn ?? 'image';
  const caption = options.captionColumn ?? 'text';
  const embedded = options.encoding === 'image';
  const features = {
    id: { dtype: 'int32', _type: 'Value' },
    [image]: embedded ? { _type: 'Image' } : { dtype: 'string', _type: 'Value' },
    [caption]: { dtype: 'string', _type: 'Value' },
  };
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'id', data: rows.map((_, i) => i) },
      {
        name: image,
        data: rows.map((row) =>
          embedded && row.image !== null
            ? typeof row.image === 'string'
              ? { bytes: null, path: row.image }
              : { bytes: row.image, path: null }
            : row.image,
        ),
      },
      { name: caption, data: rows.map((row) => row.caption) },
    ],
    schema: [
      { name: 'schema', num_children: 3 },
      { name: 'id', type: 'INT32', repetition_type: 'REQUIRED' },
      ...(embedded
        ? [
            { name: image, repetition_type: 'OPTIONAL' as const, num_children: 2 },
            { name: 'bytes', type: 'BYTE_ARRAY' as const, repetition_type: 'OPTIONAL' as const },
            {
              name: 'path',
              type: 'BYTE_ARRAY' as const,
              converted_type: 'UTF8' as const,
              repetition_type: 'OPTIONAL' as const,
            },
          ]
        : [
            {
              name: image,
              type: 'BYTE_ARRAY' as const,
              converted_type: 'UTF8' as const,
              repetition_type: 'OPTIONAL' as const,
            },
          ]),
      { name: caption, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
    ],
    rowGroupSize: options.rowGroupSize ?? 2,
    kvMetadata: [{ key: 'huggingface', value: JSON.stringify({ info: { features } }) }],
  });
  return new Uint8Array(buffer);
}

/** Writes files (repo path -> bytes) under `dir`, as a dataset repo's snapshot. */
export async function writeDatasetFiles(
  dir: string,
  files: Record<string, Uint8Array | string>,
): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
}

/**
 * A dataset repo's files served from a local folder (its snapshot at one commit), standing in for the Hub client
 * the CLI passes (`@pixel/hub`, tested against the local Hub there); `downloads` lists the files fetched.
 */
export function folderDatasetFiles(
  dir: string,
  files: string[],
  repo = 'someone/images',
): DatasetRepoFiles & { downloads: string[] } {
  const commit = 'c'.repeat(40);
  const downloads: string[] = [];
  return {
    repo,
    downloads,
    async list() {
      return {
        commit,
        files: await Promise.all(
          files.map(async (file) => ({ path: file, size: (await stat(path.join(dir, file))).size })),
        ),
      };
    },
    async download(file, { signal, onProgress }) {
      signal?.throwIfAborted();
      if (file.commit !== commit) throw new Error(`no commit ${file.commit}`);
      downloads.push(file.path);
      const size = (await stat(path.join(dir, file.path))).size;
      onProgress?.(size, size);
      return path.join(dir, file.path);
    },
  };
}

/**
 * A 2048x2048 grid PNG of smooth gradients, distinct per `seed`: about 1 MB (a generated noisy grid is 8 MB) and
 * about a quarter of a second to split, so a run of a few of them is still in progress when a test kills it.
 */
export async function gradientGrid(seed: number): Promise<Buffer> {
  const size = 2048;
  const raw = Buffer.alloc(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 3;
      raw[i] = (x >> 3) + seed * 17;
      raw[i + 1] = y >> 3;
      raw[i + 2] = ((x + y) >> 4) * (seed + 1);
    }
  }
  return sharp(raw, { raw: { width: size, height: size, channels: 3 } })
    .png()
    .toBuffer();
}

/** A photo that is not a grid (kept whole): a JPEG of `width` x `height`. */
export function photoJpeg(width = 600, height = 400): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 40, g: 90, b: 160 } } })
    .jpeg()
    .toBuffer();
}
