import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface ReferenceVectors {
  prompts: { raw: string; matches_v6: boolean; cleaned: string }[];
  metadata_csv: { rows: [string, string][]; text: string };
}

/** The shared ground truth (read-only, never copied into the repo). */
export function referenceVectors(): ReferenceVectors {
  const dir = process.env.PIXEL_SHARED_DIR;
  if (!dir)
    throw new Error('PIXEL_SHARED_DIR is not set; run the tests through jest (jest.preset.js sets it).');
  return JSON.parse(
    readFileSync(path.join(dir, 'vectors', 'reference-vectors.json'), 'utf8'),
  ) as ReferenceVectors;
}
