import { UsageError } from '@pixel/constraints';
import type { SourceSpec } from '../types/public.js';

/** The `--source` values, as the errors and the questions name them. */
export const SOURCE_FORMS = 'sn19, hf:<owner>/<dataset>[@revision], folder:<dir> or csv:<file>';

/**
 * Reads a `--source` value: `sn19` (subnet 19's store), `hf:<owner>/<dataset>[@revision]` (a Hugging Face dataset;
 * the id is checked by the Hub client that reads it), `folder:<dir>` or `csv:<file>`. Anything else is a
 * `UsageError` naming `name` (the flag, or the question) and the forms.
 */
export function parseSourceSpec(text: string, name = '--source'): SourceSpec {
  const value = text.trim();
  if (value === 'sn19') return { kind: 'sn19' };
  const colon = value.indexOf(':');
  const kind = value.slice(0, colon);
  const rest = value.slice(colon + 1);
  if (colon > 0 && rest !== '') {
    if (kind === 'hf') return { kind: 'hf', repo: rest };
    if (kind === 'folder' || kind === 'csv') return { kind, path: rest };
  }
  throw new UsageError(`${name} must be ${SOURCE_FORMS}, got ${JSON.stringify(text)}`);
}
