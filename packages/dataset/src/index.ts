export { cleanPrompt } from './lib/clean-prompt.js';
export { promptMatchesVersion } from './lib/prompt-matches-version.js';
export {
  createVisionSource,
  DEFAULT_VISION_SOURCE_URL,
  DEFAULT_VISION_ACTION_ID,
  VISION_SOURCE_URL_ENV,
} from './lib/create-vision-source.js';
export { listRecords } from './lib/list-records.js';
export { downloadImage, DEFAULT_DOWNLOAD } from './lib/download-image.js';
export { detectImageFormat } from './lib/detect-image-format.js';
export { splitGridImage, GRID_SIZE, TILE_SIZE, TILE_PNG_OPTIONS } from './lib/split-grid-image.js';
export { tileFileName } from './lib/tile-file-name.js';
export { formatMetadataCsv } from './lib/format-metadata-csv.js';
export { formatMetadataJsonl } from './lib/format-metadata-jsonl.js';
export { writeDatasetJson } from './lib/write-dataset-json.js';
export { generateDataset, STATE_DIR } from './lib/generate-dataset.js';
export { SkipError } from './lib/skip-error.js';
export type * from './types/public.js';
