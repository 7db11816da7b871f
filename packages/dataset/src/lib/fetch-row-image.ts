import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FetchImageOptions } from '../types/public.js';
import { DEFAULT_DOWNLOAD, downloadImage } from './download-image.js';
import { detectImageFormat } from './detect-image-format.js';
import { SkipError } from './skip-error.js';

/**
 * The image a row of a CSV or metadata file names: an http(s) URL is downloaded (`downloadImage`); anything else
 * is a file under `baseDir` (the folder of the CSV file), read only if it stays inside that folder, is at most
 * `maxBytes`, and starts like an image. A missing file is skipped as `missing-file`.
 */
export async function fetchRowImage(
  baseDir: string,
  value: string,
  options: FetchImageOptions,
): Promise<Buffer> {
  if (/^https?:\/\//i.test(value)) return downloadImage(value, options);
  options.signal?.throwIfAborted();
  const file = path.resolve(baseDir, value);
  const relative = path.relative(baseDir, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new SkipError('missing-file', `${value} is outside ${baseDir}, where its images must be`);
  }
  const maxBytes = options.maxBytes ?? DEFAULT_DOWNLOAD.maxBytes;
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new SkipError('missing-file', `${file} is not a file`);
  if (info.size > maxBytes) {
    throw new SkipError('too-large', `${info.size} bytes, more than the ${maxBytes}-byte cap`);
  }
  const image = await readFile(file).catch((error: Error) => {
    throw new SkipError('missing-file', `cannot read ${file}: ${error.message}`);
  });
  if (!detectImageFormat(image))
    throw new SkipError('not-an-image', `${file} is not a PNG, JPEG or WebP image`);
  return image;
}
