import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { epochOrder } from '../random/epoch-order.js';
import { iterateEpochBatches } from './iterate-epoch-batches.js';
import { openImageFolder } from './open-image-folder.js';
import type { ImageFolderDataset, TrainingExample } from './types.js';

let dir: string;
let dataset: ImageFolderDataset;
const OPTIONS = {
  resolution: 8,
  centerCrop: false,
  randomFlip: true,
  proportionEmptyPrompts: 0,
  seed: 3,
  epoch: 0,
  batchSize: 2,
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pixel-batches-'));
  for (let i = 0; i < 5; i++) {
    await sharp({ create: { width: 12, height: 8, channels: 3, background: { r: 40 * i, g: 0, b: 0 } } })
      .png()
      .toFile(path.join(dir, `${i}.png`));
  }
  const rows = Array.from({ length: 5 }, (_, i) => `${i}.png,caption ${i}`);
  await writeFile(path.join(dir, 'metadata.csv'), `file_name,text\n${rows.join('\n')}\n`);
  dataset = await openImageFolder({ directory: dir });
});
afterAll(async () => {
  await dataset.close();
  await rm(dir, { recursive: true, force: true });
});

async function collect(
  options: Partial<typeof OPTIONS> & { startBatch?: number; prefetch?: number },
): Promise<TrainingExample[][]> {
  const batches: TrainingExample[][] = [];
  for await (const batch of iterateEpochBatches(dataset, { ...OPTIONS, ...options })) batches.push(batch);
  return batches;
}

describe('iterateEpochBatches', () => {
  it("yields the epoch's order in batches, the last one partial", async () => {
    const batches = await collect({});
    expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
    expect(batches.flat().map((e) => e.index)).toEqual([...epochOrder(5, 3, 0)]);
    expect(batches.flat().map((e) => e.caption)).toEqual([...epochOrder(5, 3, 0)].map((i) => `caption ${i}`));
  });

  it('gives each sample the same augmentation in every epoch, with prefetching, and from a resume point', async () => {
    const byIndex = (batches: TrainingExample[][]) => new Map(batches.flat().map((e) => [e.index, e]));
    const first = byIndex(await collect({}));
    const otherEpoch = byIndex(await collect({ epoch: 1, prefetch: 3 }));
    for (const [index, example] of first) expect(otherEpoch.get(index)).toEqual(example);
    const resumed = await collect({ startBatch: 1, prefetch: 2 });
    expect(resumed).toEqual((await collect({})).slice(1));
  });

  it('reports a sample that fails when it is reached, and refuses bad positions', async () => {
    await rm(path.join(dir, `${epochOrder(5, 3, 0)[2]}.png`));
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const batch of iterateEpochBatches(dataset, { ...OPTIONS, prefetch: 4 }))
          seen.push(batch.length);
      })(),
    ).rejects.toThrow(/is not a readable image/);
    expect(seen).toEqual([2]);
    await expect(collect({ startBatch: 4 })).rejects.toThrow(
      'The first batch must be between 0 and 3, got 4.',
    );
    await expect(collect({ batchSize: 0 })).rejects.toThrow(/batch size/);
  });
});
