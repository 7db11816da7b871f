import type { MetadataRow } from '../types/public.js';

/** `metadata.jsonl` text: one `{"file_name", "text"}` object per line. */
export function formatMetadataJsonl(rows: readonly MetadataRow[]): string {
  return rows.map((r) => `${JSON.stringify({ file_name: r.file_name, text: r.text })}\n`).join('');
}
