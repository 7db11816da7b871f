export { startVisionSource, EXECUTE_ACTION_PATH } from './lib/start-vision-source.js';
export { generateGridImage, GRID_SIZE } from './lib/generate-grid-image.js';
export { generateRecordSeeds } from './lib/generate-record-seeds.js';
export type {
  ImageFault,
  ListingFault,
  RecordSeed,
  RunningVisionSource,
  VisionRecord,
  VisionSourceFaults,
  VisionSourceOptions,
  VisionSourceStats,
} from './types.js';
