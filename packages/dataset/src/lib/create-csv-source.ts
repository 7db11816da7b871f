import path from 'node:path';
import { UsageError } from '@pixel/constraints';
import type { ColumnChoice, RecordSource, SourceRecord } from '../types/public.js';
import { CAPTION_ROLE, IMAGE_LOCATION_ROLE } from './column-roles.js';
import { fetchRowImage } from './fetch-row-image.js';
import { pickColumn } from './pick-column.js';
import { readCsvRows } from './read-csv-rows.js';

/**
 * A CSV file of images and prompts (the `csv:<file>` source): a header row names the columns; the image column
 * holds http(s) URLs or file names relative to the CSV's folder (`--image-column`, else the first of `image`,
 * `image_url`, `url`, ... `file_name`), the caption column the prompts (`--caption-column`, else `prompt`,
 * `caption`, `text`, ...). The file is read as a stream, one row at a time; a row without an image is passed
 * over. Prompts without a `--v` flag are kept (`versionFilter: 'when-present'`).
 */
export function createCsvSource(options: { file: string } & ColumnChoice): RecordSource {
  const { file } = options;
  return {
    name: `csv:${file}`,
    versionFilter: 'when-present',
    records: () => csvRecords(file, options),
    fetchImage: (record, fetchOptions) => fetchRowImage(path.dirname(file), record.image_url, fetchOptions),
  };
}

async function* csvRecords(file: string, choice: ColumnChoice): AsyncGenerator<SourceRecord> {
  let image = -1;
  let caption = -1;
  for await (const row of readCsvRows(file)) {
    if (image < 0) {
      const columns = row.map((name) => ({ name, type: 'string' }));
      image = row.indexOf(pickColumn(columns, IMAGE_LOCATION_ROLE, choice.imageColumn, file));
      caption = row.indexOf(pickColumn(columns, CAPTION_ROLE, choice.captionColumn, file));
      continue;
    }
    const location = row[image]?.trim();
    if (location) yield { prompt: row[caption] ?? '', image_url: location };
  }
  if (image < 0) {
    throw new UsageError(`${file} is empty: it needs a header row naming its image and caption columns.`);
  }
}
