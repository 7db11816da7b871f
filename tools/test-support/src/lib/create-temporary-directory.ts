import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A fresh empty folder under the system's temporary folder, named `pixel-<prefix>-XXXXXX`; the caller removes it. */
export function createTemporaryDirectory(prefix: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `pixel-${prefix}-`));
}
