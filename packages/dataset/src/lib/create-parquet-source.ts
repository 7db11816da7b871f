import { UsageError } from '@pixel/constraints';
import type {
  ColumnChoice,
  DatasetRepoFiles,
  FetchImageOptions,
  RecordSource,
  SourceRecord,
} from '../types/public.js';
import { CAPTION_ROLE, PARQUET_IMAGE_ROLE } from './column-roles.js';
import { DEFAULT_DOWNLOAD, downloadImage } from './download-image.js';
import { detectImageFormat } from './detect-image-format.js';
import { openParquetFile, type ParquetFile } from './open-parquet-file.js';
import { pickColumn } from './pick-column.js';
import { RowGroupTooLargeError } from './row-group-too-large-error.js';
import { SkipError } from './skip-error.js';

/** Parquet files a dataset source reads at most (JourneyDB's largest part has about 6200). */
export const MAX_PARQUET_SHARDS = 10_000;

/** Where a record of an `Image` column is: `hf://datasets/<owner>/<name>@<commit>/<file>#row=<n>`. */
const ROW_LOCATION = /^hf:\/\/datasets\/([^/@]+\/[^/@]+)@([0-9a-f]{40})\/(.+)#row=(\d+)$/;

interface Columns {
  image: string;
  imageType: string;
  caption: string;
}

/**
 * A Hugging Face dataset stored as parquet (the `hf:<owner>/<dataset>[@revision]` source), read shard by shard
 * through `files` (the caller's Hub client and cache). The shards are the revision's parquet files, those of the
 * train split when file or folder names mark one (`data/train-00000-of-00004.parquet`,
 * `default/train/0000.parquet`), in path order, at most MAX_PARQUET_SHARDS. Listing reads only the caption column
 * (and a URL image column), a row group at a time; an `Image` column's bytes are read when the record's image is
 * fetched, again a row group at a time (the last one read is kept for the records that follow). The image column
 * is a `datasets` `Image` feature (`{bytes, path}`) or http(s) URLs, the caption column text; `imageColumn` and
 * `captionColumn` name them, else they are picked from the first shard's schema (an error lists its columns when
 * that fails). Captions without a `--v` flag are kept (`versionFilter: 'when-present'`).
 */
export function createParquetSource(options: { files: DatasetRepoFiles } & ColumnChoice): RecordSource {
  const { files } = options;
  const name = `hf:${files.repo}${files.revision === undefined ? '' : `@${files.revision}`}`;
  const reader = createImageReader(options, name);
  return {
    name,
    versionFilter: 'when-present',
    async *records({ signal, onEvent } = {}) {
      const { commit, files: listed } = await files.list({ signal });
      const shards = selectShards(listed, `${name} (commit ${commit})`);
      let columns: Columns | undefined;
      for (const [index, shard] of shards.entries()) {
        const report = (bytes: number) =>
          onEvent?.({
            type: 'shard',
            path: shard.path,
            number: index + 1,
            count: shards.length,
            bytes,
            size: shard.size,
          });
        report(0);
        const local = await files.download({ commit, path: shard.path }, { signal, onProgress: report });
        report(shard.size);
        const parquet = await openParquetFile(local, `${shard.path} of ${name}`);
        columns = chooseColumns(parquet, options, columns);
        yield* shardRecords(parquet, columns, `hf://datasets/${files.repo}@${commit}/${shard.path}`);
      }
    },
    fetchImage: (record, fetchOptions) =>
      /^https?:\/\//i.test(record.image_url)
        ? downloadImage(record.image_url, fetchOptions)
        : reader(record, fetchOptions),
  };
}

/** The parquet files to read, in path order: the train split's when names mark one. */
function selectShards(
  files: { path: string; size: number }[],
  where: string,
): { path: string; size: number }[] {
  const parquet = files.filter((file) => file.path.endsWith('.parquet'));
  const train = parquet.filter((file) => file.path.split('/').some((part) => /^train([-_.]|$)/.test(part)));
  const shards = (train.length > 0 ? train : parquet).sort((a, b) => (a.path < b.path ? -1 : 1));
  if (shards.length === 0) {
    throw new UsageError(
      `${where} holds no parquet file. This source reads datasets stored as parquet; for a dataset stored ` +
        'otherwise, try the Hub\'s parquet conversion of it: add "@refs/convert/parquet" to the --source value.',
    );
  }
  if (shards.length > MAX_PARQUET_SHARDS) {
    throw new UsageError(
      `${where} holds ${shards.length} parquet files, more than the ${MAX_PARQUET_SHARDS} this source reads.`,
    );
  }
  return shards;
}

/**
 * The image and caption columns: on the first shard those the flags name or the source picks (an `Image`
 * feature first, whatever its name); the later shards must have the same ones.
 */
function chooseColumns(parquet: ParquetFile, choice: ColumnChoice, first: Columns | undefined): Columns {
  const imageFeature = parquet.columns.find((column) => column.type === 'Image');
  const image = pickColumn(
    parquet.columns,
    PARQUET_IMAGE_ROLE,
    first?.image ?? choice.imageColumn ?? imageFeature?.name,
    parquet.where,
  );
  const caption = pickColumn(
    parquet.columns,
    CAPTION_ROLE,
    first?.caption ?? choice.captionColumn,
    parquet.where,
  );
  const imageType = parquet.columns.find((column) => column.name === image)!.type;
  if (first && imageType !== first.imageType) {
    throw new UsageError(
      `${parquet.where}: its column ${image} is ${imageType}, but ${first.imageType} in the dataset's first file.`,
    );
  }
  return { image, imageType, caption };
}

/** The records of one shard, a row group at a time: a URL image column is read with the captions. */
async function* shardRecords(
  parquet: ParquetFile,
  columns: Columns,
  location: string,
): AsyncGenerator<SourceRecord> {
  const urls = columns.imageType === 'string';
  /** A value of the URL column that is not one, while none has been: the column is not a URL column. */
  let notUrl: string | undefined;
  let listed = 0;
  for (const [group, { start }] of parquet.groups.entries()) {
    const rows = await parquet
      .readGroup(group, urls ? [columns.caption, columns.image] : [columns.caption])
      .catch((error: unknown) => {
        if (!(error instanceof RowGroupTooLargeError)) throw error;
        throw new UsageError(`Cannot list ${parquet.where}: ${error.message}.`);
      });
    for (const [offset, row] of rows.entries()) {
      const prompt = text(row[columns.caption]) ?? '';
      if (!urls) {
        yield { prompt, image_url: `${location}#row=${start + offset}` };
        continue;
      }
      const url = text(row[columns.image])?.trim();
      if (url && /^https?:\/\//i.test(url)) {
        listed += 1;
        yield { prompt, image_url: url };
      } else if (url && listed === 0) notUrl ??= url;
    }
  }
  if (urls && listed === 0 && notUrl !== undefined) {
    throw new UsageError(
      `The column ${columns.image} of ${parquet.where} holds no http(s) URL (it holds values such as ` +
        `${JSON.stringify(notUrl.slice(0, 60))}); name the column of the images with --image-column.`,
    );
  }
}

/** A text value as hyparquet gives it: a string, or bytes of an unannotated column. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
  return undefined;
}

/**
 * Reads records' images from their rows: the shard is fetched (from the cache, after listing) and opened once,
 * each row group's image column read once. Only the last shard and the last group read are kept, so memory
 * holds at most one group of images besides those being written.
 */
function createImageReader(
  options: { files: DatasetRepoFiles } & ColumnChoice,
  name: string,
): (record: SourceRecord, fetchOptions: FetchImageOptions) => Promise<Buffer> {
  let shard: { key: string; parquet: Promise<{ parquet: ParquetFile; column: string }> } | undefined;
  let group: { key: string; rows: Promise<Record<string, unknown>[]> } | undefined;
  return async (record, fetchOptions) => {
    const [, repo, commit, path, row] = ROW_LOCATION.exec(record.image_url) ?? [];
    if (repo !== options.files.repo || !commit || !path || !row) {
      throw new SkipError('missing-file', `${record.image_url} is not a row of ${name}`);
    }
    const shardKey = `${commit}/${path}`;
    if (shard?.key !== shardKey) {
      const opening = options.files
        .download({ commit, path }, { signal: fetchOptions.signal })
        .then((local) => openParquetFile(local, `${path} of ${name}`))
        .then((parquet) => ({ parquet, column: chooseColumns(parquet, options, undefined).image }));
      shard = { key: shardKey, parquet: opening };
      // A failure is not kept: the next record of this shard tries again.
      opening.catch(() => {
        if (shard?.parquet === opening) shard = undefined;
      });
    }
    const { parquet, column } = await shard.parquet;
    const index = Number(row);
    const groupIndex = parquet.groups.findIndex((g) => index >= g.start && index < g.start + g.rows);
    if (groupIndex < 0) throw new SkipError('missing-file', `${parquet.where} has no row ${index}`);
    const groupKey = `${shardKey}#${groupIndex}`;
    if (group?.key !== groupKey) {
      const reading = parquet.readGroup(groupIndex, [column]);
      group = { key: groupKey, rows: reading };
      reading.catch(() => {
        if (group?.rows === reading) group = undefined;
      });
    }
    const rows = await group.rows.catch((error: unknown) => {
      if (error instanceof RowGroupTooLargeError) throw new SkipError('too-large', error.message);
      throw error;
    });
    return imageOf(
      rows[index - parquet.groups[groupIndex]!.start]?.[column],
      fetchOptions,
      `row ${index} of ${parquet.where}`,
    );
  };
}

/** An `Image` cell's bytes (copied, so the group can go), or its http(s) `path` downloaded when it has none. */
async function imageOf(cell: unknown, fetchOptions: FetchImageOptions, where: string): Promise<Buffer> {
  const { bytes, path } = (cell ?? {}) as { bytes?: unknown; path?: unknown };
  if (bytes instanceof Uint8Array && bytes.length > 0) {
    const maxBytes = fetchOptions.maxBytes ?? DEFAULT_DOWNLOAD.maxBytes;
    if (bytes.length > maxBytes) {
      throw new SkipError('too-large', `${bytes.length} bytes, more than the ${maxBytes}-byte cap`);
    }
    const image = Buffer.from(bytes);
    if (!detectImageFormat(image))
      throw new SkipError('not-an-image', `${where} holds no PNG, JPEG or WebP image`);
    return image;
  }
  if (typeof path === 'string' && /^https?:\/\//i.test(path)) return downloadImage(path, fetchOptions);
  throw new SkipError('missing-file', `${where} has no image bytes and no http(s) URL`);
}
