// Test helpers other packages' tests use (reached only under the "@pixel/source" condition, never built).
export {
  folderDatasetFiles,
  gradientGrid,
  parquetShard,
  photoJpeg,
  writeDatasetFiles,
  type DatasetRow,
  type ShardOptions,
} from './parquet-dataset.js';
export { readImageFolder, type ImageFolderSample } from './read-image-folder.js';
