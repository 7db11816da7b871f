import { open } from 'node:fs/promises';
import zlib from 'node:zlib';
import { PixelError } from '@pixel/constraints';
import { toFileSystemError } from '@pixel/files';
import {
  parquetMetadata,
  parquetReadObjects,
  parquetSchema,
  snappyUncompress,
  type AsyncBuffer,
  type Compressors,
  type FileMetaData,
  type SchemaTree,
} from 'hyparquet';
import type { ColumnInfo } from './pick-column.js';
import { RowGroupTooLargeError } from './row-group-too-large-error.js';

/** Node.js has zstd from 22.15 (and 23.8); this package runs from Node.js 20. */
const zstdDecompressSync = (
  zlib as { zstdDecompressSync?: (input: Uint8Array, options: { maxOutputLength: number }) => Buffer }
).zstdDecompressSync;

/** A parquet footer (the schema, the row groups) from strangers is read only up to this size. */
export const MAX_PARQUET_FOOTER_BYTES = 64 * 1024 ** 2;
/** A row group is read whole (hyparquet reads a column chunk at once): at most this many rows... */
export const MAX_ROW_GROUP_ROWS = 1_000_000;
/**
 * ...and this many bytes in the columns read, compressed or not; a decompressed page may not claim more either.
 * `datasets` writes image datasets in groups of 100 rows (100 grids of 4-8 MiB).
 */
export const MAX_ROW_GROUP_BYTES = 1024 ** 3;

/** An open parquet file: its footer, its top-level columns, and reads of whole row groups. */
export interface ParquetFile {
  /** How messages name it: `data/train-0.parquet of hf:owner/name`. */
  where: string;
  metadata: FileMetaData;
  /** Top-level columns: `string` (UTF-8 text), `Image` (a `datasets` Image feature), a parquet type otherwise. */
  columns: ColumnInfo[];
  /** The row groups: the first row of each and its number of rows. */
  groups: { start: number; rows: number }[];
  /** The values of `columns` for every row of group `group` (text as strings, binary as bytes). */
  readGroup(group: number, columns: string[]): Promise<Record<string, unknown>[]>;
}

/**
 * Opens a local parquet file for reading row group by row group, with bounded memory: the footer is read only
 * if it is at most MAX_PARQUET_FOOTER_BYTES, a group only if its columns to read hold at most MAX_ROW_GROUP_ROWS
 * rows and MAX_ROW_GROUP_BYTES, and no page may decompress to more. Reads Snappy, gzip, Brotli, uncompressed and,
 * where Node.js has zstd, ZSTD files. A file it cannot read is a `PixelError` naming it.
 */
export async function openParquetFile(local: string, where: string): Promise<ParquetFile> {
  const file = await localAsyncBuffer(local);
  const tail = new DataView(await file.slice(Math.max(0, file.byteLength - 8), file.byteLength));
  if (file.byteLength < 12 || tail.getUint32(4, true) !== 0x31524150) {
    throw new PixelError(`${where} is not a parquet file (it does not end with PAR1).`);
  }
  const footerLength = tail.getUint32(0, true);
  if (footerLength > MAX_PARQUET_FOOTER_BYTES || footerLength > file.byteLength - 12) {
    throw new PixelError(
      `${where} declares a ${footerLength}-byte footer, more than the file or the ${MAX_PARQUET_FOOTER_BYTES} bytes read; it is damaged or not a dataset this reader takes.`,
    );
  }
  const footer = await file.slice(file.byteLength - footerLength - 8, file.byteLength);
  const parsed = unreadable(where, () => parquetMetadata(footer));
  const schema = unreadable(where, () => parquetSchema(parsed));
  const imageFeatures = huggingFaceImageFeatures(parsed);
  let start = 0;
  const groups = parsed.row_groups.map((group) => {
    const rows = Number(group.num_rows);
    const entry = { start, rows };
    start += rows;
    return entry;
  });
  return {
    where,
    metadata: parsed,
    columns: schema.children.map((child) => ({
      name: child.element.name,
      type: columnType(child, imageFeatures),
    })),
    groups,
    async readGroup(group, columns) {
      checkGroup(parsed, group, columns, where);
      const { start: rowStart, rows } = groups[group]!;
      try {
        return await parquetReadObjects({
          file,
          metadata: parsed,
          columns,
          rowStart,
          rowEnd: rowStart + rows,
          utf8: false,
          compressors: COMPRESSORS,
        });
      } catch (error) {
        if (error instanceof PixelError) throw error;
        throw new PixelError(`Cannot read row group ${group} of ${where}: ${(error as Error).message}.`, {
          cause: error,
        });
      }
    },
  };
}

/** Runs a parse of the footer, turning hyparquet's errors into one that names the file. */
function unreadable<T>(where: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new PixelError(
      `Cannot read ${where}: ${(error as Error).message}. It is damaged or not a parquet file this reader takes.`,
      { cause: error },
    );
  }
}

/** Refuses a group too large to read whole, or compressed in a way this Node.js cannot read. */
function checkGroup(metadata: FileMetaData, group: number, columns: string[], where: string): void {
  const rowGroup = metadata.row_groups[group]!;
  const chunks = rowGroup.columns.filter((chunk) =>
    columns.includes(chunk.meta_data?.path_in_schema[0] ?? ''),
  );
  const bytes = chunks.reduce(
    (sum, chunk) =>
      sum +
      Math.max(
        Number(chunk.meta_data?.total_compressed_size),
        Number(chunk.meta_data?.total_uncompressed_size),
      ),
    0,
  );
  if (Number(rowGroup.num_rows) > MAX_ROW_GROUP_ROWS || bytes > MAX_ROW_GROUP_BYTES) {
    throw new RowGroupTooLargeError(
      `row group ${group} of ${where} holds ${Number(rowGroup.num_rows)} rows and ${bytes} bytes in ${columns.join(', ')}, ` +
        `more than the ${MAX_ROW_GROUP_ROWS} rows and ${MAX_ROW_GROUP_BYTES} bytes read at once`,
    );
  }
  const codec = chunks
    .map((chunk) => chunk.meta_data?.codec)
    .find((name) => name && !READABLE_CODECS.has(name));
  if (codec) {
    throw new PixelError(
      `${where} is compressed with ${codec}, which this reader cannot decompress here: it reads Snappy, gzip, ` +
        `Brotli and uncompressed parquet${zstdDecompressSync ? ' and ZSTD' : ', and ZSTD on Node.js 22.15 or later'}.`,
    );
  }
}

/** Decompressors that refuse a page claiming more than MAX_ROW_GROUP_BYTES before allocating it. */
const COMPRESSORS: Compressors = {
  SNAPPY: bounded((input, outputLength) => {
    const output = new Uint8Array(outputLength);
    snappyUncompress(input, output);
    return output;
  }),
  GZIP: bounded((input) => zlib.gunzipSync(input, { maxOutputLength: MAX_ROW_GROUP_BYTES })),
  BROTLI: bounded((input) => zlib.brotliDecompressSync(input, { maxOutputLength: MAX_ROW_GROUP_BYTES })),
  ...(zstdDecompressSync && {
    ZSTD: bounded((input) => zstdDecompressSync(input, { maxOutputLength: MAX_ROW_GROUP_BYTES })),
  }),
};
const READABLE_CODECS = new Set(['UNCOMPRESSED', ...Object.keys(COMPRESSORS)]);

function bounded(
  decompress: (input: Uint8Array, outputLength: number) => Uint8Array,
): (input: Uint8Array, outputLength: number) => Uint8Array {
  return (input, outputLength) => {
    if (outputLength > MAX_ROW_GROUP_BYTES) {
      throw new RowGroupTooLargeError(
        `a page claims ${outputLength} bytes, more than ${MAX_ROW_GROUP_BYTES}`,
      );
    }
    return decompress(input, outputLength);
  };
}

/** The columns `datasets` declares as `Image` features in its `huggingface` footer entry. */
function huggingFaceImageFeatures(metadata: FileMetaData): Set<string> {
  const entry = metadata.key_value_metadata?.find((kv) => kv.key === 'huggingface')?.value;
  try {
    const features = (
      JSON.parse(entry ?? '{}') as { info?: { features?: Record<string, { _type?: string }> } }
    ).info?.features;
    return new Set(
      Object.entries(features ?? {}).flatMap(([name, f]) => (f?._type === 'Image' ? [name] : [])),
    );
  } catch {
    return new Set();
  }
}

/** A top-level column's type: `Image` for a struct with `bytes` (declared Image or shaped like one), else its kind. */
function columnType(column: SchemaTree, imageFeatures: Set<string>): string {
  const { element, children } = column;
  if (children.length > 0) {
    const names = children.map((child) => child.element.name);
    if (
      names.includes('bytes') &&
      (imageFeatures.has(element.name) || names.every((n) => n === 'bytes' || n === 'path'))
    )
      return 'Image';
    return element.converted_type === 'LIST' || element.logical_type?.type === 'LIST' ? 'list' : 'struct';
  }
  if (element.repetition_type === 'REPEATED') return 'list';
  if (element.type === 'BYTE_ARRAY') {
    const text = element.converted_type === 'UTF8' || element.logical_type?.type === 'STRING';
    return text ? 'string' : 'binary';
  }
  return element.type ?? 'unknown';
}

/** A local file as hyparquet reads it: byte ranges on demand, through a handle opened per read. */
async function localAsyncBuffer(local: string): Promise<AsyncBuffer> {
  const handle = await open(local).catch((error: unknown) => {
    throw toFileSystemError(error, local, { action: 'read' });
  });
  const { size } = await handle.stat().finally(() => handle.close());
  return {
    byteLength: size,
    async slice(start, end = size) {
      const bytes = new Uint8Array(Math.max(0, end - start));
      const reader = await open(local);
      try {
        for (let done = 0; done < bytes.length;) {
          const { bytesRead } = await reader.read(bytes, done, bytes.length - done, start + done);
          if (bytesRead === 0) throw new PixelError(`${local} ended before byte ${end}; it is damaged.`);
          done += bytesRead;
        }
      } finally {
        await reader.close();
      }
      return bytes.buffer;
    },
  };
}
