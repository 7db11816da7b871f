import { writeFileAtomic } from '@pixel/files';
import type { VisionRecord } from '../types/public.js';

/** Writes records as the reference's `dataset.json`: a JSON array of `{prompt, image_url, timestamp}`. */
export async function writeDatasetJson(file: string, records: readonly VisionRecord[]): Promise<void> {
  const rows = records.map((r) => ({ prompt: r.prompt, image_url: r.image_url, timestamp: r.timestamp }));
  await writeFileAtomic(file, `${JSON.stringify(rows, null, 2)}\n`, {
    elsewhere: 'or choose another file (--dataset-file)',
  });
}
