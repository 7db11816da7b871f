import type { ColumnRole } from './pick-column.js';

/** Caption columns tried in order when `--caption-column` is not given: Midjourney's raw prompt first. */
const CAPTION_NAMES = ['prompt', 'caption', 'text', 'original_text', 'gpt_caption', 'description', 'title'];

/** Columns of image URLs tried in order when `--image-column` is not given. */
const URL_NAMES = ['image', 'image_url', 'url', 'img_url', 'image_link', 'link'];
/** ...and, where images may be files beside the list (CSV files, folders), columns of file names. */
const LOCATION_NAMES = [...URL_NAMES, 'file_name', 'image_path', 'path', 'file'];

/** The captions of any source: a text column. */
export const CAPTION_ROLE: ColumnRole = {
  what: 'captions',
  flag: '--caption-column',
  expected: 'text',
  accepts: (column) => column.type === 'string',
  preferred: CAPTION_NAMES,
};

/** The images of a CSV or metadata file: a text column of http(s) URLs or file names. */
export const IMAGE_LOCATION_ROLE: ColumnRole = {
  what: 'images',
  flag: '--image-column',
  expected: 'http(s) URLs or file names',
  accepts: (column) => column.type === 'string',
  preferred: LOCATION_NAMES,
};

/**
 * The images of a parquet file: a `datasets` `Image` feature (a `{bytes, path}` struct, typed `Image`) or a text
 * column of http(s) URLs. Image features are preferred whatever their name.
 */
export const PARQUET_IMAGE_ROLE: ColumnRole = {
  what: 'images',
  flag: '--image-column',
  expected: 'an Image feature ({bytes, path}) or http(s) URLs (string)',
  accepts: (column) => column.type === 'Image' || column.type === 'string',
  preferred: URL_NAMES,
};
