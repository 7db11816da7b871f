import path from 'node:path';
import { useTemporaryDirectory } from '@pixel-tools/test-support';
import { writeTrainingFolder } from '../../test-support/write-training-folder.js';
import { datasetRows } from './dataset-rows.js';
import { openImageFolder } from './open-image-folder.js';

const temporary = useTemporaryDirectory('dataset-rows');

describe('datasetRows', () => {
  it('reads the rows given, in their order, indexed from 0, and leaves the dataset open when closed', async () => {
    const dir = path.join(temporary(), 'data');
    await writeTrainingFolder(dir, 4, 8);
    const dataset = await openImageFolder({ directory: dir });
    try {
      const view = datasetRows(dataset, Uint32Array.from([3, 1]));
      expect([view.length, view.skipped, view.metadataPath]).toEqual([2, 0, dataset.metadataPath]);
      const records = [await view.record(0), await view.record(1)];
      expect(records.map((r) => [r.index, path.basename(r.imagePath)])).toEqual([
        [0, 'image_3.png'],
        [1, 'image_1.png'],
      ]);
      await expect(view.record(2)).rejects.toThrow(new RangeError('Row 2 is outside the dataset (0..1).'));
      await view.close();
      expect((await dataset.record(3)).imagePath).toBe(records[0]!.imagePath);
    } finally {
      await dataset.close();
    }
  });
});
