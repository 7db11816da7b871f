import { writeFileAtomic } from '@pixel/files';
import type { SourceRecord } from '../types/public.js';

/**
 * Writes records as the reference's `dataset.json`: a JSON array of `{prompt, image_url, timestamp}` (no
 * `timestamp` for sources that do not date their records).
 */
export async function writeDatasetJson(file: string, records: readonly SourceRecord[]): Promise<void> {
  const rows = records.map((r) => ({ prompt: r.prompt, image_url: r.image_url, timestamp: r.timestamp }));
  await writeFileAtomic(file, `${JSON.stringify(rows, null, 2)}\n`, {
    elsewhere: 'or choose another file (--dataset-file)',
  });
}
