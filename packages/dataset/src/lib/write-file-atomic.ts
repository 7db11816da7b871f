import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Suffix of in-progress files; a killed run leaves only these behind, and the next run deletes them. */
export const TEMP_SUFFIX = '.partial';

/**
 * Writes to a temporary file in the same directory, then renames it over the target, so the target
 * is either absent, the old file or the complete new file, never half-written.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`,
  );
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
