import type { MetadataRow } from '../types/public.js';

// Python's csv QUOTE_MINIMAL (what pandas' to_csv uses): quote a field holding the delimiter, a quote
// or a line break, doubling inner quotes. Rows end with "\n", as pandas writes on Linux.
const NEEDS_QUOTES = /[",\r\n]/;

function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** `metadata.csv` text (`file_name,text`), byte-identical to the reference's pandas output. */
export function formatMetadataCsv(rows: readonly MetadataRow[]): string {
  return ['file_name,text\n', ...rows.map((r) => `${csvField(r.file_name)},${csvField(r.text)}\n`)].join('');
}
