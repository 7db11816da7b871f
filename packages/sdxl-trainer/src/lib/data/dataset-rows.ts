import type { ImageFolderDataset } from './types.js';

/**
 * The rows `indices` of `dataset`, in that order, as a dataset of their own indexed from 0 (a record's
 * `index` is its place in the view). The view reads through `dataset`, which keeps its file open: closing
 * `dataset` closes the view, the view's own close() does nothing.
 */
export function datasetRows(dataset: ImageFolderDataset, indices: Uint32Array): ImageFolderDataset {
  return {
    directory: dataset.directory,
    metadataPath: dataset.metadataPath,
    columns: dataset.columns,
    length: indices.length,
    skipped: dataset.skipped,
    async record(index) {
      if (!Number.isInteger(index) || index < 0 || index >= indices.length) {
        throw new RangeError(`Row ${index} is outside the dataset (0..${indices.length - 1}).`);
      }
      return { ...(await dataset.record(indices[index]!)), index };
    },
    close: async () => undefined,
  };
}
