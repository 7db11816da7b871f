export { cleanPrompt } from './lib/clean-prompt.js';
export { promptMatchesVersion } from './lib/prompt-matches-version.js';
export {
  createVisionSource,
  DEFAULT_VISION_SOURCE_URL,
  DEFAULT_VISION_ACTION_ID,
  VISION_SOURCE_URL_ENV,
} from './lib/create-vision-source.js';
export { createCsvSource } from './lib/create-csv-source.js';
export { createParquetSource, MAX_PARQUET_SHARDS } from './lib/create-parquet-source.js';
export {
  MAX_PARQUET_FOOTER_BYTES,
  MAX_ROW_GROUP_BYTES,
  MAX_ROW_GROUP_ROWS,
} from './lib/open-parquet-file.js';
export { createFolderSource, MAX_FOLDER_IMAGES } from './lib/create-folder-source.js';
export { listRecords, MAX_PROMPT_CHARS } from './lib/list-records.js';
export { parseSourceSpec, SOURCE_FORMS } from './lib/parse-source-spec.js';
export { OTHER_SOURCES_HINT } from './lib/other-sources-hint.js';
export { downloadImage, DEFAULT_DOWNLOAD } from './lib/download-image.js';
export { detectImageFormat } from './lib/detect-image-format.js';
export {
  writeImageSamples,
  GRID_SIZE,
  TILE_SIZE,
  TILE_PNG_OPTIONS,
  MAX_IMAGE_PIXELS,
} from './lib/write-image-samples.js';
export { tileFileName } from './lib/tile-file-name.js';
export { sampleFileName } from './lib/sample-file-name.js';
export { formatMetadataCsv } from './lib/format-metadata-csv.js';
export { formatMetadataJsonl } from './lib/format-metadata-jsonl.js';
export { writeDatasetJson } from './lib/write-dataset-json.js';
export { generateDataset, STATE_DIR } from './lib/generate-dataset.js';
export { SkipError } from './lib/skip-error.js';
export type * from './types/public.js';
