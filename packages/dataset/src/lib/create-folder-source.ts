import { open, opendir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '@pixel/constraints';
import { pathExists, toFileSystemError } from '@pixel/files';
import type { ColumnChoice, RecordSource, SourceRecord } from '../types/public.js';
import { CAPTION_ROLE, IMAGE_LOCATION_ROLE } from './column-roles.js';
import { createCsvSource } from './create-csv-source.js';
import { fetchRowImage } from './fetch-row-image.js';
import { pickColumn } from './pick-column.js';
import { readTextLines } from './read-text-lines.js';

/** Images a folder source lists at most: their names are sorted in memory. */
export const MAX_FOLDER_IMAGES = 1_000_000;
/** A caption sidecar is read up to this many bytes (a prompt is at most 6000 characters). */
const MAX_SIDECAR_BYTES = 64 * 1024;
/** A line of `metadata.jsonl`, at most. */
const MAX_JSON_LINE_CHARS = 1024 * 1024;
const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp']);

/**
 * A folder of images with captions (the `folder:<dir>` source): its `metadata.csv` or `metadata.jsonl` (the
 * image-folder layout, as `generateDataset` writes it: `file_name` and `text`, or the columns the flags name),
 * else every PNG, JPEG and WebP image under it with a `.txt` caption beside it (`cat.png` + `cat.txt`), in name
 * order; images without a caption are passed over, and folders whose names start with a dot are not read.
 * Prompts without a `--v` flag are kept (`versionFilter: 'when-present'`).
 */
export function createFolderSource(options: { dir: string } & ColumnChoice): RecordSource {
  const { dir } = options;
  return {
    name: `folder:${dir}`,
    versionFilter: 'when-present',
    async *records(readOptions) {
      const info = await stat(dir).catch(() => undefined);
      if (!info?.isDirectory()) {
        throw new UsageError(`--source folder:${dir}: there is no folder ${dir}; give a folder of images.`);
      }
      const csv = path.join(dir, 'metadata.csv');
      const jsonl = path.join(dir, 'metadata.jsonl');
      if (await pathExists(csv)) yield* createCsvSource({ ...options, file: csv }).records(readOptions);
      else if (await pathExists(jsonl)) yield* jsonLinesRecords(jsonl, options);
      else yield* sidecarRecords(dir);
    },
    fetchImage: (record, fetchOptions) => fetchRowImage(dir, record.image_url, fetchOptions),
  };
}

async function* jsonLinesRecords(file: string, choice: ColumnChoice): AsyncGenerator<SourceRecord> {
  let columns: { image: string; caption: string } | undefined;
  for await (const line of readTextLines(file, MAX_JSON_LINE_CHARS)) {
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      row = undefined;
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new UsageError(
        `${file} holds a line that is not a JSON object: ${JSON.stringify(line.slice(0, 60))}`,
      );
    }
    const fields = row as Record<string, unknown>;
    if (!columns) {
      const info = Object.entries(fields).map(([name, value]) => ({ name, type: typeOf(value) }));
      columns = {
        image: pickColumn(info, IMAGE_LOCATION_ROLE, choice.imageColumn, file),
        caption: pickColumn(info, CAPTION_ROLE, choice.captionColumn, file),
      };
    }
    const location = fields[columns.image];
    const caption = fields[columns.caption];
    if (typeof location === 'string' && location.trim() !== '') {
      yield { prompt: typeof caption === 'string' ? caption : '', image_url: location.trim() };
    }
  }
}

/** A JSON value's type as the column errors name it. */
function typeOf(value: unknown): string {
  if (value === null) return 'null';
  return typeof value === 'object' ? (Array.isArray(value) ? 'list' : 'object') : typeof value;
}

async function* sidecarRecords(dir: string): AsyncGenerator<SourceRecord> {
  const images = await listImages(dir);
  if (images.length === 0) {
    throw new UsageError(
      `--source folder:${dir}: ${dir} holds no PNG, JPEG or WebP image, nor a metadata.csv or metadata.jsonl.`,
    );
  }
  let captioned = 0;
  for (const image of images) {
    const caption = await readSidecar(path.join(dir, image.replace(/\.[^./]+$/, '.txt')));
    if (caption === undefined) continue;
    captioned += 1;
    yield { prompt: caption, image_url: image };
  }
  if (captioned === 0) {
    throw new UsageError(
      `--source folder:${dir}: none of its ${images.length} images has a caption. Put each prompt in a .txt file ` +
        'beside its image (cat.png and cat.txt), or list them in a metadata.csv with file_name and text columns.',
    );
  }
}

/** The images under `dir`, as paths relative to it with `/` separators, sorted; at most MAX_FOLDER_IMAGES. */
async function listImages(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    const folder = path.join(dir, relative);
    const entries = await opendir(folder).catch((error: unknown) => {
      throw toFileSystemError(error, folder, { action: 'read' });
    });
    for await (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) await walk(name);
      else if (entry.isFile() && IMAGE_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
        found.push(name);
        if (found.length > MAX_FOLDER_IMAGES) {
          throw new UsageError(
            `--source folder:${dir}: more than ${MAX_FOLDER_IMAGES} images; split the folder, or list the ` +
              'images you want in a metadata.csv.',
          );
        }
      }
    }
  };
  await walk('');
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The caption beside an image, up to MAX_SIDECAR_BYTES, or undefined when it has none. */
async function readSidecar(file: string): Promise<string | undefined> {
  const handle = await open(file).catch(() => undefined);
  if (!handle) return undefined;
  try {
    const buffer = Buffer.alloc(MAX_SIDECAR_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, MAX_SIDECAR_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').trim();
  } catch (error) {
    throw toFileSystemError(error, file, { action: 'read' });
  } finally {
    await handle.close();
  }
}
